using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpanNet.Benchmarks.Configs;

namespace SpanNet.Benchmarks;

/// <summary>
/// Runs the suite: <c>dotnet run -c Release --project bench/SpanNet.Benchmarks -- --filter '*'</c>.
/// Every BenchmarkDotNet option works (<c>--filter '*Gemv*'</c>, <c>--job short</c>, <c>--list flat</c>,
/// <c>--inProcess</c>, ...). Two options of this suite, taken out before BenchmarkDotNet sees the
/// arguments, run every selected class once per job, side by side in one table per class:
/// <list type="bullet">
/// <item><c>--tiers</c>: one JIT job per SIMD tier the CPU has: <c>JIT-Vector512</c> (the runtime's
/// default environment), <c>JIT-Vector256</c> (<c>DOTNET_EnableAVX512=0</c>), <c>JIT-Vector128</c>
/// (<c>DOTNET_EnableAVX2=0</c>), <c>JIT-Scalar</c> (<c>DOTNET_EnableHWIntrinsic=0</c>); on Arm64
/// <c>JIT-Vector128</c> (AdvSimd) and <c>JIT-Scalar</c>.</item>
/// <item><c>--aot</c>: the default JIT job plus Native AOT jobs: <c>AOT-default</c> (no
/// IlcInstructionSet: 128-bit), <c>AOT-x86-64-v3</c> (AVX2+FMA), <c>AOT-x86-64-v4</c> (AVX-512); on
/// Arm64 <c>AOT-default</c> only.</item>
/// </list>
/// Together (<c>--tiers --aot</c>) they compare JIT and AOT on every tier in one command. The JIT
/// job with the default environment is the baseline; jobs the CPU cannot run are skipped with a
/// printed reason; BenchmarkDotNet's job options (<c>--job dry</c>, <c>--iterationCount</c>, ...)
/// shape every job instead of adding one; <c>--filter</c> is required. The <c>SIMD path</c> column
/// shows the path each benchmark process reported, and a process whose path is not its job's stops
/// before measuring. Without these options the behaviour is BenchmarkDotNet's own.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // No job here: BenchmarkDotNet's default job runs unless the command line names one
        // (`--job short` for a quick look). Medians are what the docs quote from a noisy shared
        // machine; Ratio columns appear for every class with a baseline, as plain numbers
        // (0.25 = four times faster than the scalar loop).
        IConfig config = DefaultConfig.Instance
            .AddColumn(StatisticColumn.Median)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));

        bool tiers = args.Contains("--tiers");
        bool aot = args.Contains("--aot");
        string[] benchmarkArgs = [.. args.Where(arg => arg is not ("--tiers" or "--aot"))];

        IEnumerable<Summary>? summaries = tiers || aot
            ? SimdComparison.Run(benchmarkArgs, config, tiers, aot, typeof(Program).Assembly)
            : BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArgs, config);
        return summaries is null || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
