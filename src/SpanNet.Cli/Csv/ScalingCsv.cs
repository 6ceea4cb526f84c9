using System.Globalization;
using System.Text;
using SpanNet.Cli.Infrastructure;
using SpanNet.Models;

namespace SpanNet.Cli.Csv;

/// <summary>
/// A model's input scaling as CSV (what <c>export</c> writes and <c>import --scaling</c> reads):
/// a header "offset,scale,kind", then one row per input feature: offset, scale and the scaling
/// kind (1 = standardize, 2 = min-max, the same on every row). Inputs are x' = (x − offset)·scale.
/// </summary>
public static class ScalingCsv
{
    /// <summary>The file name <c>export</c> uses.</summary>
    public const string FileName = "scaling.csv";

    /// <summary>The header line.</summary>
    public const string Header = "offset,scale,kind";

    /// <summary>The CSV text of <paramref name="scaling"/> (round-trip float formatting).</summary>
    /// <param name="scaling">The scaling.</param>
    /// <returns>The text.</returns>
    public static string Format(FeatureScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        var text = new StringBuilder().Append(Header).Append('\n');
        int kind = (int)scaling.Kind;
        for (int j = 0; j < scaling.FeatureCount; j++)
        {
            text.Append(scaling.Offset[j].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(scaling.Scale[j].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(kind.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes <paramref name="scaling"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="scaling">The scaling.</param>
    public static void Write(string path, FeatureScaling scaling) => AtomicFile.WriteAllText(path, Format(scaling));

    /// <summary>Reads a scaling file for a network with <paramref name="featureCount"/> inputs.</summary>
    /// <param name="path">The file.</param>
    /// <param name="featureCount">s_1: the number of rows required.</param>
    /// <returns>The scaling.</returns>
    public static FeatureScaling Read(string path, int featureCount)
    {
        CsvTable table = CsvReader.ReadMatrix(path);
        if (table.ColumnCount != 3)
        {
            throw table.ErrorAt(0, null, $"has {table.ColumnCount} columns; a scaling file has 3: offset, scale, kind (1 = standardize, 2 = min-max).");
        }

        if (table.RowCount != featureCount)
        {
            throw table.ErrorAt(
                table.RowCount - 1, null, $"has {table.RowCount} rows but the network has {featureCount} inputs (one row per input feature is needed).");
        }

        float[] offsets = new float[featureCount], scales = new float[featureCount];
        float kind = table.Row(0)[2];
        for (int j = 0; j < featureCount; j++)
        {
            ReadOnlySpan<float> row = table.Row(j);
            if (row[2] != kind || kind is not ((float)ScalingKind.Standardize or (float)ScalingKind.MinMax))
            {
                throw table.ErrorAt(j, 3, $"kind {row[2].ToString(CultureInfo.InvariantCulture)} must be 1 (standardize) or 2 (min-max), the same on every row.");
            }

            offsets[j] = row[0];
            scales[j] = row[1];
        }

        return FeatureScaling.FromParameters((ScalingKind)(int)kind, offsets, scales);
    }
}
