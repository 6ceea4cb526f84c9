using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks;

/// <summary>Adds <see cref="PathRatioColumn"/> to a benchmark class with a <see cref="SimdPath"/> parameter.</summary>
public sealed class PathRatioConfig : ManualConfig
{
    public PathRatioConfig() => AddColumn(new PathRatioColumn());
}

/// <summary>
/// Median time over the median of the same method with the same other parameters on
/// <see cref="SimdPath.Scalar"/>: BenchmarkDotNet's Ratio compares methods, this compares values of
/// the path parameter. Lower is faster; the scalar rows read 1.00.
/// </summary>
public sealed class PathRatioColumn : IColumn
{
    private const string ParameterName = "Path";

    public string Id => nameof(PathRatioColumn);

    public string ColumnName => "Ratio vs Scalar";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median time divided by the median of the same benchmark on the Scalar path (lower is faster)";

    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Parameters.Items.Any(p => p.Name == ParameterName && p.Value is SimdPath));

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? median = summary[benchmarkCase]?.ResultStatistics?.Median;
        BenchmarkCase? scalar = summary.BenchmarksCases.FirstOrDefault(c => IsScalarTwin(c, benchmarkCase));
        double? scalarMedian = scalar is null ? null : summary[scalar]?.ResultStatistics?.Median;
        return median is double m && scalarMedian is double s && s > 0
            ? (m / s).ToString("0.000", style.CultureInfo)
            : "?";
    }

    public override string ToString() => ColumnName;

    private static bool IsScalarTwin(BenchmarkCase candidate, BenchmarkCase benchmarkCase)
    {
        if (candidate.Descriptor != benchmarkCase.Descriptor || candidate.Job != benchmarkCase.Job)
        {
            return false;
        }

        foreach (var parameter in candidate.Parameters.Items)
        {
            object? wanted = parameter.Name == ParameterName
                ? SimdPath.Scalar
                : benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == parameter.Name)?.Value;
            if (!Equals(parameter.Value, wanted))
            {
                return false;
            }
        }

        return true;
    }
}
