using System.Runtime.CompilerServices;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks.Configs;

/// <summary>
/// Runs in every benchmark process of a <c>--tiers</c>/<c>--aot</c> job, before any benchmark: prints
/// the SIMD path the kernels actually take (read back by <see cref="SimdPathColumn"/>) and stops the
/// process when it is not the path the job is named after, so a mislabeled job produces no numbers.
/// The job passes its expectation in <see cref="ExpectedPathVariable"/>; without it (the host, the
/// default job, <c>--inProcess</c>) this does nothing.
/// </summary>
internal static class SimdPathReport
{
    /// <summary>Environment variable holding the <see cref="SimdPath"/> name a job expects.</summary>
    public const string ExpectedPathVariable = "SPANNET_BENCH_EXPECTED_PATH";

    /// <summary>Prefix of the line the benchmark process prints; the rest is <see cref="SimdInfo.ActivePathDescription"/>.</summary>
    public const string LinePrefix = "// SpanNet SIMD path: ";

    // A module initializer runs as soon as BenchmarkDotNet's generated program (JIT or Native AOT)
    // loads this assembly, which is before any GlobalSetup: the benchmark classes need no change.
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Benchmark executable, not a library: the check must run before any benchmark code.")]
    internal static void CheckExpectedPath()
    {
        string? expected = Environment.GetEnvironmentVariable(ExpectedPathVariable);
        if (string.IsNullOrEmpty(expected))
        {
            return;
        }

        SimdPath actual = SimdInfo.ActivePath;
        Console.WriteLine(LinePrefix + SimdInfo.ActivePathDescription);
        if (!Enum.TryParse(expected, out SimdPath wanted) || wanted != actual)
        {
            Console.Error.WriteLine(
                $"// SpanNet: this job expects the {expected} path but the kernels run {SimdInfo.ActivePathDescription}" +
                $" (native AOT: {SimdInfo.IsNativeAot}); refusing to measure a mislabeled job.");
            Console.Out.Flush();
            Environment.Exit(3);
        }
    }
}
