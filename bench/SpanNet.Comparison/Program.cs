using System.Runtime.Intrinsics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpanNet.Comparison.Peers;

namespace SpanNet.Comparison;

/// <summary>
/// Runs the comparison: <c>dotnet run -c Release --project bench/SpanNet.Comparison -- --filter '*'</c>.
/// Every BenchmarkDotNet option works (<c>--filter '*Inference*'</c>, <c>--job short</c>, <c>--list flat</c>, ...).
/// Benchmarks of a peer that is not installed are left out of the run with a message, not failed.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var skipped = new List<string>();
        var missingCategories = new List<string>();

        if (OpenBlas.IsAvailable)
        {
            Console.WriteLine($"OpenBLAS: {OpenBlas.LoadedFrom} ({OpenBlas.Config}), 1 thread");
        }
        else
        {
            skipped.Add($"{OpenBlas.MissingMessage} ({OpenBlas.Problem})");
            missingCategories.Add(PeerAvailability.OpenBlasCategory);
        }

        if (OnnxRuntimePeer.IsAvailable)
        {
            Console.WriteLine($"ONNX Runtime: {OnnxRuntimePeer.Version}, 1 intra-op thread");
        }
        else
        {
            skipped.Add($"{OnnxRuntimePeer.MissingMessage} ({OnnxRuntimePeer.Problem})");
            missingCategories.Add(PeerAvailability.OnnxRuntimeCategory);
        }

        if (!Vector512.IsHardwareAccelerated)
        {
            skipped.Add("Vector512 is not hardware accelerated here — skipping the plain Vector512 loop");
            missingCategories.Add(AddOuterProductComparison.Vector512Category);
        }

        skipped.ForEach(Console.WriteLine);

        // No job here: BenchmarkDotNet's default job runs unless the command line names one. SpanNet
        // is the baseline of every class, so Ratio = peer time / SpanNet time as a plain number:
        // 1.20 on the OpenBLAS row means SpanNet is 1.2× faster. Medians, for a noisy machine.
        IConfig config = DefaultConfig.Instance
            .AddColumn(StatisticColumn.Median)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .AddFilter(new SimpleFilter(benchmark => !benchmark.Descriptor.Categories.Intersect(missingCategories).Any()));

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

        // Repeated after the tables, where a reader looks for why rows are missing.
        skipped.ForEach(Console.WriteLine);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
