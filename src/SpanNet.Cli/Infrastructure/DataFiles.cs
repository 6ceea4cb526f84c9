using SpanNet.Cli.Csv;
using SpanNet.Data;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Infrastructure;

/// <summary>Loading a labeled data CSV for a given model: shape, label and scaling checks, then the model's input scaling.</summary>
public static class DataFiles
{
    /// <summary>
    /// Reads <paramref name="path"/> (see <see cref="CsvReader"/>), checks it has the model's s_1
    /// feature columns and labels in 0 … K−1, applies the model's input scaling (if any) and returns
    /// the examples with one-hot targets.
    /// </summary>
    /// <param name="path">The data file.</param>
    /// <param name="model">The model the data is for.</param>
    /// <returns>The examples.</returns>
    public static LabeledData LoadForModel(string path, Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        CsvTable table = CsvReader.ReadLabeled(path);
        CheckFits(table, model.Architecture);
        float[] features = table.Values;
        if (model.Scaling is { } scaling)
        {
            CheckScalable(table, scaling);
            features = scaling.ApplyAll(features);
        }

        return LabeledData.FromClassLabels(features, table.ValueColumnCount, table.Labels, model.Architecture.OutputCount);
    }

    /// <summary>
    /// Reads <paramref name="path"/>, checks it fits <paramref name="model"/> (s_1 feature columns,
    /// labels in 0 … K−1) and returns the raw, unscaled examples: what
    /// <see cref="SpanNet.Evaluation.ModelEvaluation.Evaluate"/> takes (it applies the model's scaling itself).
    /// </summary>
    /// <param name="path">The data file.</param>
    /// <param name="model">The model the data is for.</param>
    /// <returns>The raw examples.</returns>
    public static LabeledData LoadRawForModel(string path, Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        CsvTable table = CsvReader.ReadLabeled(path);
        CheckFits(table, model.Architecture);
        if (model.Scaling is { } scaling)
        {
            CheckScalable(table, scaling);
        }

        return ToLabeledData(table, model.Architecture.OutputCount);
    }

    /// <summary>The table's rows as examples with one-hot targets of <paramref name="classCount"/> (labels must already be checked).</summary>
    /// <param name="table">A table read as labeled data.</param>
    /// <param name="classCount">K.</param>
    /// <returns>The examples.</returns>
    public static LabeledData ToLabeledData(CsvTable table, int classCount)
    {
        ArgumentNullException.ThrowIfNull(table);
        int[] labels = table.Labels ?? throw new ArgumentException("The table was not read as labeled data.", nameof(table));
        return LabeledData.FromClassLabels(table.Values, table.ValueColumnCount, labels, classCount);
    }

    /// <summary>
    /// Checks that the scaling can scale every row's first <see cref="FeatureScaling.FeatureCount"/>
    /// cells: a value so far outside the range the scaling was learned from that it scales beyond
    /// the float range is reported at its line and column, before anything is computed or written.
    /// </summary>
    /// <param name="table">Rows of at least the scaling's feature count.</param>
    /// <param name="scaling">The model's input scaling.</param>
    public static void CheckScalable(CsvTable table, FeatureScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(scaling);
        static string Text(float value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        int n = scaling.FeatureCount;
        for (int i = 0; i < table.RowCount; i++)
        {
            ReadOnlySpan<float> features = table.Row(i)[..n];
            int j = scaling.IndexOfOverflow(features);
            if (j >= 0)
            {
                throw table.ErrorAt(
                    i,
                    j + 1,
                    $"{Text(features[j])} is so far outside the values the input scaling was learned from (offset {Text(scaling.Offset[j])}, scale {Text(scaling.Scale[j])}) that it scales beyond the float range.");
            }
        }
    }

    /// <summary>Checks a labeled table against an architecture: s_1 feature columns, labels in 0 … s_L − 1.</summary>
    /// <param name="table">A table read with <see cref="CsvReader.ReadLabeled(string)"/>.</param>
    /// <param name="architecture">The network it is for.</param>
    public static void CheckFits(CsvTable table, NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(architecture);
        int[] labels = table.Labels ?? throw new ArgumentException("The table was not read as labeled data.", nameof(table));
        if (table.ValueColumnCount != architecture.InputCount)
        {
            throw table.ErrorAt(
                0,
                null,
                $"has {table.ValueColumnCount} feature columns (then the label) but the model takes {architecture.InputCount} inputs.");
        }

        int classes = architecture.OutputCount;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                throw table.ErrorAt(i, table.LabelColumn, $"label {labels[i]} is outside 0 … {classes - 1} (the model has {classes} outputs).");
            }
        }
    }
}
