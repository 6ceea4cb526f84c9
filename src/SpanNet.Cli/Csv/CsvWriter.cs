using System.Globalization;
using System.Text;
using SpanNet.Cli.Infrastructure;

namespace SpanNet.Cli.Csv;

/// <summary>
/// Writes numeric matrices as CSV: invariant culture, shortest round-trip ("R") formatting, so
/// reading the file back with <see cref="CsvReader"/> gives bit-identical floats. Files are written
/// atomically (a temporary file beside the target, then a rename).
/// </summary>
public static class CsvWriter
{
    /// <summary>The text of a row-major matrix, one line per row, no header.</summary>
    /// <param name="values">rows × columns values.</param>
    /// <param name="columns">Values per row, at least 1.</param>
    /// <returns>The CSV text, each line ending in '\n'.</returns>
    public static string Format(ReadOnlySpan<float> values, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (values.Length % columns != 0)
        {
            throw new ArgumentException($"{values.Length} values are not a whole number of {columns}-column rows.", nameof(values));
        }

        var text = new StringBuilder(values.Length * 12);
        Span<char> buffer = stackalloc char[32];
        for (int i = 0; i < values.Length; i++)
        {
            if (i % columns != 0)
            {
                text.Append(',');
            }

            values[i].TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
            text.Append(buffer[..written]);
            if ((i + 1) % columns == 0)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Writes a row-major matrix to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The target file; its directory must exist.</param>
    /// <param name="values">rows × columns values.</param>
    /// <param name="columns">Values per row.</param>
    public static void WriteMatrix(string path, ReadOnlySpan<float> values, int columns) =>
        AtomicFile.WriteAllText(path, Format(values, columns));
}
