using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SpanNet.Kernels;

/// <summary>Which SIMD path the kernels take in this process, and which ones it could take.</summary>
public static class SimdInfo
{
    /// <summary>
    /// The path the public kernels dispatch on (a few L2-bound ones run 256-bit code on
    /// <see cref="SimdPath.Vector512"/>; see <see cref="SimdKernels"/>): the widest vector width the runtime accelerates
    /// (it honours <c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c>,
    /// <c>DOTNET_EnableHWIntrinsic=0</c> and, under Native AOT, the compiled instruction set).
    /// The JIT folds this to a constant, so dispatching on it costs nothing.
    /// </summary>
    public static SimdPath ActivePath
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated ? SimdPath.Vector512
            : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
            : Vector128.IsHardwareAccelerated ? SimdPath.Vector128
            : SimdPath.Scalar;
    }

    /// <summary>Every path this process can run, narrowest first (tests and benchmarks run each one).</summary>
    public static IReadOnlyList<SimdPath> SupportedPaths { get; } = BuildSupportedPaths();

    /// <summary>A human-readable name of <see cref="ActivePath"/> with the instructions behind it, e.g. "Vector512 (AVX-512F, FMA)".</summary>
    public static string ActivePathDescription => Describe(ActivePath);

    /// <summary>Describes a path with the instruction sets it uses on this machine.</summary>
    /// <param name="path">The path to describe.</param>
    /// <returns>For example "Vector256 (AVX2, FMA)" or "Vector128 (AdvSimd, FMA)".</returns>
    public static string Describe(SimdPath path) => path switch
    {
        SimdPath.Vector512 => "Vector512 (AVX-512F, FMA)",
        SimdPath.Vector256 => Fma.IsSupported ? "Vector256 (AVX2, FMA)" : "Vector256 (AVX2, no FMA)",
        SimdPath.Vector128 when AdvSimd.IsSupported => "Vector128 (AdvSimd, FMA)",
        SimdPath.Vector128 => Fma.IsSupported ? "Vector128 (SSE, FMA)" : "Vector128 (SSE, no FMA)",
        SimdPath.Scalar => "Scalar (no hardware intrinsics)",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown SIMD path."),
    };

    /// <summary>Whether this process can run <paramref name="path"/>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when the runtime accelerates vectors of that width.</returns>
    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Scalar => true,
        SimdPath.Vector128 => Vector128.IsHardwareAccelerated,
        SimdPath.Vector256 => Vector256.IsHardwareAccelerated,
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>
    /// The widest path this CPU could run, read from the CPU itself (CPUID on x64; every Arm64 CPU
    /// has AdvSimd), independently of what this process enabled; null when it cannot be read (for
    /// example with hardware intrinsics disabled).
    /// </summary>
    public static SimdPath? HardwarePath { get; } = DetectHardwarePath();

    /// <summary>
    /// A sentence for the host's log when the kernels run narrower than the CPU allows (for example a
    /// Native AOT binary built for the x64 baseline on an AVX-512 machine), saying how to fix it; null otherwise.
    /// </summary>
    public static string? PerformanceWarning
    {
        get
        {
            if (HardwarePath is not { } hardware || hardware <= ActivePath)
            {
                return null;
            }

            string fix = IsNativeAot
                ? $"this Native AOT binary was compiled for a narrower instruction set: publish with <IlcInstructionSet>{(hardware == SimdPath.Vector512 ? "x86-64-v4" : "x86-64-v3")}</IlcInstructionSet> (or 'native') to use it"
                : RuntimePrefers256Bits
                    ? "the runtime prefers 256-bit vectors here (it does so by default on CPUs that slow their clock for 512-bit work, or DOTNET_PreferredVectorBitWidth says so); DOTNET_PreferredVectorBitWidth=512 lets it use AVX-512"
                    : DisablingSwitches() is { Length: > 0 } switches
                        ? $"{string.Join(", ", switches)} turned it off"
                        : "no DOTNET_Enable* variable is set to 0, so either the runtime's configuration turned it off or the operating system (or hypervisor) does not enable the wider registers' state (XCR0), which the runtime checks and CPUID does not show";
            return $"The CPU supports {hardware} but SpanNet runs {ActivePath}: {fix}.";
        }
    }

    /// <summary>
    /// Whether this process is a Native AOT binary (no JIT: the instruction set was fixed when it was
    /// published). <c>RuntimeFeature.IsDynamicCodeSupported</c> alone is not enough, since a project
    /// with PublishAot also turns that switch off for its JIT runs; a JIT process has always compiled
    /// methods by the time it asks.
    /// </summary>
    public static bool IsNativeAot => !RuntimeFeature.IsDynamicCodeSupported && System.Runtime.JitInfo.GetCompiledMethodCount() == 0;

    /// <summary>
    /// The instruction-set switches set to 0 in this process's environment (DOTNET_ or COMPlus_
    /// EnableHWIntrinsic, EnableSSE*, EnableAVX*, EnableFMA; the runtime reads their values as hex), sorted.
    /// </summary>
    private static string[] DisablingSwitches()
    {
        StringComparison names = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string[] switches = ["EnableHWIntrinsic", "EnableSSE", "EnableAVX", "EnableFMA"];
        var found = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is not string key || entry.Value is not string value)
            {
                continue;
            }

            string name = key.StartsWith("DOTNET_", names) ? key[7..] : key.StartsWith("COMPlus_", names) ? key[8..] : "";
            string digits = value.Trim();
            digits = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? digits[2..] : digits;
            if (switches.Any(prefix => name.StartsWith(prefix, names))
                && ulong.TryParse(digits, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out ulong number)
                && number == 0)
            {
                found.Add($"{key}={value}");
            }
        }

        found.Sort(StringComparer.Ordinal);
        return [.. found];
    }

    /// <summary>AVX-512 is enabled but the runtime does not accelerate 512-bit vectors (its preferred vector width is 256).</summary>
    private static bool RuntimePrefers256Bits => Avx512F.IsSupported && !Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated;

    private static SimdPath? DetectHardwarePath()
    {
        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            return SimdPath.Vector128;
        }

        if (!X86Base.IsSupported)
        {
            return null;
        }

        (_, _, int features1, _) = X86Base.CpuId(1, 0);
        (_, int extended, _, _) = X86Base.CpuId(7, 0);
        bool osSavesYmm = (features1 & (1 << 27)) != 0;
        bool fma = (features1 & (1 << 12)) != 0;
        bool avx2 = (extended & (1 << 5)) != 0;
        bool avx512F = (extended & (1 << 16)) != 0;
        return !osSavesYmm ? SimdPath.Vector128
            : avx512F && avx2 && fma ? SimdPath.Vector512
            : avx2 && fma ? SimdPath.Vector256
            : SimdPath.Vector128;
    }

    private static SimdPath[] BuildSupportedPaths() =>
        [.. new[] { SimdPath.Scalar, SimdPath.Vector128, SimdPath.Vector256, SimdPath.Vector512 }.Where(IsSupported)];
}
