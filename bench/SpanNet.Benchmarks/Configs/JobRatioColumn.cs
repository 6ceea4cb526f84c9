using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SpanNet.Benchmarks.Configs;

/// <summary>
/// Median time over the median of the same method with the same parameters on the baseline job:
/// how much a tier or Native AOT changes each method, where BenchmarkDotNet's Ratio divides by the
/// baseline method (the scalar loop) on the baseline job. Lower is faster; the baseline job reads 1.00.
/// </summary>
/// <param name="baselineJobId">Id of the job every other job is compared with.</param>
public sealed class JobRatioColumn(string baselineJobId) : IColumn
{
    public string Id => nameof(JobRatioColumn);

    public string ColumnName => $"Ratio vs {baselineJobId}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Median time divided by the median of the same method and parameters on job {baselineJobId} (lower is faster)";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Job.ResolvedId == baselineJobId);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkCase? baseline = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Job.ResolvedId == baselineJobId
            && c.Descriptor == benchmarkCase.Descriptor
            && c.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
        double? median = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? baselineMedian = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        return median is double m && baselineMedian is double b && b > 0
            ? (m / b).ToString("0.00", style.CultureInfo)
            : "?";
    }

    public override string ToString() => ColumnName;
}
