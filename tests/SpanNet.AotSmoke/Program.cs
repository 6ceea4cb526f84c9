using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using SpanNet.Kernels;

namespace SpanNet.AotSmoke;

/// <summary>
/// The Native AOT smoke test: <c>SpanNet.AotSmoke [--expect Scalar|Vector128|Vector256|Vector512]</c>.
/// Run as the binary of <c>dotnet publish -c Release -r RID [-p:IlcInstructionSet=…]</c>, it
/// (1) fails if it runs under a JIT, (2) fails if <see cref="SimdInfo.ActivePath"/> is narrower than the
/// build asked for (baked in from IlcInstructionSet, see the .csproj; <c>--expect</c> overrides it),
/// (3) checks every public kernel against a float64 reference on odd and even shapes inside guarded
/// buffers, and (4) gradient-checks small random networks. One line per check, then a closing
/// <c>PASS|FAIL: N passed, N failed</c>. Exit 0 when every check passed, 1 when one failed, 2 on bad usage.
/// </summary>
public static class Program
{
    private const string MetadataPrefix = "SpanNet.AotSmoke.";

    public static int Main(string[] args)
    {
        SimdPath? expectOverride = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--expect" && i + 1 < args.Length && TryParsePath(args[i + 1], out SimdPath path))
            {
                expectOverride = path;
                i++;
            }
            else if (args[i] is "-h" or "--help")
            {
                Console.WriteLine("usage: SpanNet.AotSmoke [--expect Scalar|Vector128|Vector256|Vector512]");
                return 0;
            }
            else
            {
                Console.Error.WriteLine($"SpanNet.AotSmoke: bad argument '{args[i]}'; usage: SpanNet.AotSmoke [--expect Scalar|Vector128|Vector256|Vector512]");
                return 2;
            }
        }

        var report = new Report();
        string? baked = Metadata("ExpectedSimdPath");
        string isa = Metadata("IlcInstructionSet") ?? string.Empty;
        string rid = Metadata("RuntimeIdentifier") ?? string.Empty;

        Console.WriteLine("SpanNet Native AOT smoke test");
        Console.WriteLine($"  build:   RuntimeIdentifier={Show(rid)}, IlcInstructionSet={Show(isa)} -> expects at least {baked ?? "(nothing baked in)"}");
        Console.WriteLine($"  process: {RuntimeInformation.ProcessArchitecture} on {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"  runtime: RuntimeFeature.IsDynamicCodeSupported={RuntimeFeature.IsDynamicCodeSupported}, JIT-compiled methods={System.Runtime.JitInfo.GetCompiledMethodCount()}, SimdInfo.IsNativeAot={SimdInfo.IsNativeAot}");
        Console.WriteLine($"  SIMD:    active {SimdInfo.ActivePathDescription}; CPU's best (CPUID) {SimdInfo.HardwarePath?.ToString() ?? "unknown"}; supported: {string.Join(", ", SimdInfo.SupportedPaths)}");
        Console.WriteLine($"  warning: {SimdInfo.PerformanceWarning ?? "none"}");

        // 1. No JIT. A PublishAot project turns IsDynamicCodeSupported off for its JIT runs too, so the
        // compiled-method count (0 in a native image) is what tells the two apart.
        long jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        report.Check(
            "native-aot",
            !RuntimeFeature.IsDynamicCodeSupported && jitted == 0,
            $"no JIT (IsDynamicCodeSupported={RuntimeFeature.IsDynamicCodeSupported}, JIT-compiled methods={jitted})",
            "this is not a Native AOT binary: run the output of `dotnet publish -r RID` (PublishAot), not `dotnet run`");

        // 2. The path the build asked for.
        SimdPath active = SimdInfo.ActivePath;
        if (expectOverride is { } overridden)
        {
            report.Check("simd-path", active >= overridden, $"active {active} >= {overridden} (--expect)", $"active {active} is narrower than {overridden} (--expect)");
        }
        else if (baked is not null && TryParsePath(baked, out SimdPath expected))
        {
            string asked = $"{expected} (baked in: RuntimeIdentifier={Show(rid)}, IlcInstructionSet={Show(isa)})";
            report.Check("simd-path", active >= expected, $"active {active} >= {asked}", $"active {active} is narrower than {asked}");
        }
        else
        {
            report.Check("simd-path", false, string.Empty, $"no valid expected path in the assembly metadata ('{baked}'); build with the project file's EmbedExpectedSimdPath target or pass --expect");
        }

        // Every x64 tier from Vector256 up is written for FMA; x86-64-v3 and v4 both include it.
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64 && active >= SimdPath.Vector256)
        {
            report.Check("fma", Fma.IsSupported, $"FMA is on with {active}", $"{active} without FMA");
        }

        // 3. Kernels against float64; 4. gradient checks.
        KernelChecks.Run(report);
        GradientChecks.Run(report);

        bool passed = report.Failed == 0;
        Console.WriteLine($"{(passed ? "PASS" : "FAIL")}: {report.Passed} passed, {report.Failed} failed (SIMD path {SimdInfo.ActivePathDescription}, {RuntimeInformation.ProcessArchitecture})");
        return passed ? 0 : 1;
    }

    private static bool TryParsePath(string text, out SimdPath path) =>
        Enum.TryParse(text, ignoreCase: true, out path) && Enum.IsDefined(path) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    private static string? Metadata(string key) =>
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == MetadataPrefix + key)?.Value;

    private static string Show(string value) => value.Length == 0 ? "(unset)" : value;
}
