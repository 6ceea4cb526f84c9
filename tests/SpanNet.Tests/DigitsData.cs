using System.Globalization;
using SpanNet.Data;

namespace SpanNet.Tests;

/// <summary>The 8×8 digits data set shipped in data/digits (UCI, CC BY 4.0), with its fixed split.</summary>
internal static class DigitsData
{
    private static readonly Lazy<(float[] Features, int[] Labels)> All = new(Load);

    public static int[] TrainIndices => ReadIndices("train_indices.txt");

    public static int[] TestIndices => ReadIndices("test_indices.txt");

    /// <summary>The raw 0…16 pixel counts, one-hot over 10 classes.</summary>
    public static LabeledData RawRows(int[] indices)
    {
        (float[] features, int[] labels) = All.Value;
        float[] raw = [.. features.Select(v => v * 16f)];
        return LabeledData.FromClassLabels(raw, 64, labels, 10).Subset(indices);
    }

    /// <summary>Features scaled X/16 (as in the data's README), one-hot over 10 classes.</summary>
    public static LabeledData Rows(int[]? indices = null)
    {
        (float[] features, int[] labels) = All.Value;
        var data = LabeledData.FromClassLabels(features, 64, labels, 10);
        return indices is null ? data : data.Subset(indices);
    }

    private static (float[], int[]) Load()
    {
        string[] lines = File.ReadAllLines(PathOf("digits.csv"));
        float[] features = new float[lines.Length * 64];
        int[] labels = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string[] cells = lines[i].Split(',');
            for (int j = 0; j < 64; j++)
            {
                features[(i * 64) + j] = int.Parse(cells[j], CultureInfo.InvariantCulture) / 16f;
            }

            labels[i] = int.Parse(cells[64], CultureInfo.InvariantCulture);
        }

        return (features, labels);
    }

    private static int[] ReadIndices(string name) =>
        [.. File.ReadAllLines(PathOf(name)).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "digits", name);
}
