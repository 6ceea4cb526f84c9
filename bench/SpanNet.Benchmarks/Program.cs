using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SpanNet.Benchmarks;

/// <summary>
/// Runs the suite: <c>dotnet run -c Release --project bench/SpanNet.Benchmarks -- --filter '*'</c>.
/// Every BenchmarkDotNet option works (<c>--filter '*Gemv*'</c>, <c>--job short</c>, <c>--list flat</c>, ...).
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

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
