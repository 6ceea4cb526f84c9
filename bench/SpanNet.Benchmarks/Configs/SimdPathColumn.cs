using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks.Configs;

/// <summary>
/// The SIMD path each benchmark case actually ran, as its benchmark process reported it
/// (<see cref="SimdPathReport"/>), e.g. "Vector256 (AVX2, FMA)"; "?" when the process printed none.
/// </summary>
public sealed class SimdPathColumn : IColumn
{
    public string Id => nameof(SimdPathColumn);

    public string ColumnName => "SIMD path";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Job;

    public int PriorityInCategory => 100;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "The SIMD path SpanNet's kernels took in the benchmark process (SimdInfo.ActivePath), checked against the job's name";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Job.Infrastructure.Toolchain?.IsInProcess == true)
        {
            return SimdInfo.ActivePathDescription;
        }

        string? line = summary[benchmarkCase]?.ExecuteResults
            .SelectMany(result => result.StandardOutput)
            .FirstOrDefault(output => output.StartsWith(SimdPathReport.LinePrefix, StringComparison.Ordinal));
        return line is null ? "?" : line[SimdPathReport.LinePrefix.Length..].Trim();
    }

    public override string ToString() => ColumnName;
}
