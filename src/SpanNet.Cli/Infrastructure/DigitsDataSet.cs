using System.Globalization;
using System.Reflection;
using System.Text;
using SpanNet.Cli.Csv;

namespace SpanNet.Cli.Infrastructure;

/// <summary>
/// The 8×8 handwritten digits embedded in the CLI assembly (data/digits: 1797 examples, 64 pixel
/// counts 0 … 16 and the digit) and their fixed stratified train/test split (1437 / 360 rows).
/// </summary>
public static class DigitsDataSet
{
    /// <summary>The name errors and output use for the embedded file.</summary>
    public const string FileName = "digits.csv (embedded)";

    /// <summary>Features per example.</summary>
    public const int FeatureCount = 64;

    /// <summary>Classes (the digits 0 … 9).</summary>
    public const int ClassCount = 10;

    /// <summary>Who made the data and under which license (CC BY 4.0 requires the attribution).</summary>
    public const string Attribution =
        "Optical Recognition of Handwritten Digits, E. Alpaydin and C. Kaynak, UCI Machine Learning Repository (1998), CC BY 4.0; see data/digits/README.md";

    private const string Prefix = "SpanNet.Cli.digits.";

    /// <summary>Reads the embedded files.</summary>
    /// <returns>The training rows and the test rows of digits.csv (line numbers are those of the file).</returns>
    public static (CsvTable Training, CsvTable Test) Load()
    {
        CsvTable all;
        using (var reader = new StreamReader(Open("csv"), Encoding.UTF8))
        {
            all = CsvReader.Read(reader, FileName, lastColumnIsLabel: true);
        }

        int[] training = ReadIndices("train_indices.txt", all.RowCount);
        int[] test = ReadIndices("test_indices.txt", all.RowCount);
        return (all.Subset(training), all.Subset(test));
    }

    private static Stream Open(string name) =>
        typeof(DigitsDataSet).Assembly.GetManifestResourceStream(Prefix + name)
        ?? throw new InvalidOperationException($"The embedded resource {Prefix}{name} is missing from {typeof(DigitsDataSet).Assembly.GetName().Name}.");

    private static int[] ReadIndices(string name, int rowCount)
    {
        var indices = new List<int>();
        using var reader = new StreamReader(Open(name), Encoding.UTF8);
        int line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= rowCount)
            {
                throw new InvalidDataException($"{name} (embedded): line {line}: '{text}' is not a row index of digits.csv (0 … {rowCount - 1}).");
            }

            indices.Add(index);
        }

        return [.. indices];
    }
}
