using System.Globalization;
using System.Text;
using SpanNet.Cli.Csv;
using SpanNet.Cli.Infrastructure;
using SpanNet.Data;

namespace SpanNet.Cli.Tests;

/// <summary>
/// One run of <c>spannet train --out … --plot …</c> with the default settings (the embedded digits,
/// 64-25-10, λ = 1, L-BFGS, 400 iterations), shared by every test that needs a trained digits model:
/// it is the slowest thing the CLI does, so the test project does it once.
/// </summary>
internal static class DigitsRun
{
    private static readonly Lazy<Trained> Shared = new(Train, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Trained Result => Shared.Value;

    internal sealed record Trained(CliResult Cli, string Directory, string ModelPath, string PlotPath, string TestCsv, string TestCsvWithoutLabels, LabeledData Test);

    private static Trained Train()
    {
        string directory = Path.Combine(Path.GetTempPath(), "spannet-cli-tests", "digits-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };

        string model = Path.Combine(directory, "model.spn"), plot = Path.Combine(directory, "curve.svg");
        CliResult result = Cli.Run("train", "--out", model, "--plot", plot);

        // The fixed test split as CSV files (with and without the label column), for eval and predict.
        (_, CsvTable test) = DigitsDataSet.Load();
        string withLabels = Path.Combine(directory, "test.csv"), withoutLabels = Path.Combine(directory, "test-features.csv");
        File.WriteAllText(withLabels, Csv(test, labels: true));
        File.WriteAllText(withoutLabels, Csv(test, labels: false));
        return new Trained(result, directory, model, plot, withLabels, withoutLabels, LabeledData.FromClassLabels(test.Values, 64, test.Labels!, 10));
    }

    private static string Csv(CsvTable table, bool labels)
    {
        var text = new StringBuilder();
        for (int i = 0; i < table.RowCount; i++)
        {
            text.AppendJoin(',', table.Row(i).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            if (labels)
            {
                text.Append(',').Append(table.Labels![i].ToString(CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>Small synthetic classification data sets written as CSV.</summary>
internal static class SyntheticData
{
    /// <summary>
    /// <paramref name="rows"/> examples of 3 well-separated classes in 4 features (class c has mean
    /// (2c, −c, 5, c²)), labels cycling 0, 1, 2; with a header line when <paramref name="header"/>.
    /// </summary>
    public static string Csv(int rows, int seed, bool header = true)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        if (header)
        {
            text.Append("a,b,c,d,label\n");
        }

        for (int i = 0; i < rows; i++)
        {
            int c = i % 3;
            double[] x = [Gauss(random, 2.0 * c, 0.5), Gauss(random, -c, 0.5), Gauss(random, 5, 1), Gauss(random, c * c, 0.5)];
            text.AppendJoin(',', x.Select(v => v.ToString("F3", CultureInfo.InvariantCulture))).Append(',').Append(c.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    private static double Gauss(Random random, double mean, double sd)
    {
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
