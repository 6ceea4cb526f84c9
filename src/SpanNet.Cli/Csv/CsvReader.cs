using System.Globalization;
using System.Text;

namespace SpanNet.Cli.Csv;

/// <summary>
/// Reads the numeric CSV files every spannet command takes: data files (one example per line, the
/// feature columns, then an integer class label in the last column) and matrices (Θ, no label).
/// <list type="bullet">
/// <item>Cells are separated by commas; whitespace around a cell and double quotes around a whole cell are ignored.</item>
/// <item>Numbers use the invariant culture ("1.5", "-2e-3"); every value must be a finite 32-bit float.</item>
/// <item>An optional header: the first line is one when none of its non-empty cells is a number, or
/// (labeled data) when its feature cells are the column numbers 0 … n−1 or 1 … n and its label cell
/// is a name (pandas' default); any other first line with a number in it is data, so a typo in it is
/// reported, never skipped as a header.</item>
/// <item>Every line has as many cells as the first; blank lines are allowed only at the end.</item>
/// <item>At least one data row.</item>
/// </list>
/// Anything else throws <see cref="CsvFormatException"/> naming the file, the 1-based line and the
/// 1-based column. Nothing is written by the reader, so callers that validate before writing leave
/// no partial output behind.
/// </summary>
public static class CsvReader
{
    private const NumberStyles FloatStyle = NumberStyles.Float;

    /// <summary>Reads a numeric matrix (every cell a finite number).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The table, with <see cref="CsvTable.Labels"/> null.</returns>
    public static CsvTable ReadMatrix(string path) => ReadFile(path, lastColumnIsLabel: false);

    /// <summary>Reads labeled data: finite feature cells, then a non-negative integer label in the last column.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The table, with the features in <see cref="CsvTable.Values"/> and the labels in <see cref="CsvTable.Labels"/>.</returns>
    public static CsvTable ReadLabeled(string path) => ReadFile(path, lastColumnIsLabel: true);

    /// <summary>Reads CSV text from <paramref name="reader"/>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="path">The name to use in error messages.</param>
    /// <param name="lastColumnIsLabel">Whether the last column holds integer class labels.</param>
    /// <returns>The table.</returns>
    public static CsvTable Read(TextReader reader, string path, bool lastColumnIsLabel)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(path);
        var values = new List<float>();
        List<int>? labels = lastColumnIsLabel ? [] : null;
        var lineNumbers = new List<int>();
        var cells = new List<Range>();
        int lineNumber = 0, columns = -1, columnsLine = 0;
        int? firstBlank = null, header = null;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                firstBlank ??= lineNumber;
                continue;
            }

            if (firstBlank is { } blank)
            {
                throw new CsvFormatException(path, blank, null, "blank line before more data (only trailing blank lines are allowed).");
            }

            Split(path, lineNumber, line, cells);
            if (columns < 0)
            {
                columns = cells.Count;
                columnsLine = lineNumber;
                if (lastColumnIsLabel && columns < 2)
                {
                    throw new CsvFormatException(path, lineNumber, null, $"found {columns} cell per line; data needs at least one feature column and the label column{SeparatorHint(line)}.");
                }

                if (IsHeader(line, cells, lastColumnIsLabel))
                {
                    header = lineNumber;
                    continue;
                }
            }
            else if (cells.Count != columns)
            {
                string origin = header == columnsLine ? $"the header (line {columnsLine})" : $"line {columnsLine}";
                throw new CsvFormatException(
                    path, lineNumber, Math.Min(cells.Count, columns) + 1, $"expected {columns} cells, as on {origin}, but found {cells.Count}.");
            }

            int valueColumns = lastColumnIsLabel ? columns - 1 : columns;
            for (int c = 0; c < valueColumns; c++)
            {
                values.Add(ParseValue(path, lineNumber, c + 1, Cell(line, cells[c])));
            }

            labels?.Add(ParseLabel(path, lineNumber, columns, Cell(line, cells[columns - 1])));
            lineNumbers.Add(lineNumber);
        }

        if (lineNumbers.Count == 0)
        {
            throw header is { } h
                ? new CsvFormatException(path, h + 1, null, "no data rows after the header.")
                : new CsvFormatException(path, 1, null, "the file has no data rows (it is empty).");
        }

        return new CsvTable(path, header, columns, [.. values], labels is null ? null : [.. labels], [.. lineNumbers]);
    }

    private static CsvTable ReadFile(string path, bool lastColumnIsLabel)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"{path}: is a directory, not a CSV file.", path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found.", path);
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, lastColumnIsLabel);
    }

    /// <summary>Splits at commas outside double quotes; <paramref name="cells"/> receives the raw cell ranges.</summary>
    private static void Split(string path, int lineNumber, string line, List<Range> cells)
    {
        cells.Clear();
        bool quoted = false;
        int start = 0;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(start..i);
                start = i + 1;
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(path, lineNumber, cells.Count + 1, "unterminated double quote.");
        }

        cells.Add(start..line.Length);
    }

    /// <summary>The cell's text without surrounding whitespace and quotes.</summary>
    private static ReadOnlySpan<char> Cell(string line, Range range)
    {
        ReadOnlySpan<char> text = line.AsSpan(range).Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1].Trim();
        }

        return text;
    }

    /// <summary>
    /// A header names the columns: none of its cells is a number, or (labeled data) the feature
    /// columns are numbered 0 … n−1 or 1 … n, as pandas writes them, and the label cell is a name.
    /// Any other line with a number in it is data, so a typo in the first row is reported.
    /// </summary>
    private static bool IsHeader(string line, List<Range> cells, bool lastColumnIsLabel)
    {
        bool anyNumber = false, anyName = false;
        foreach (Range range in cells)
        {
            ReadOnlySpan<char> text = Cell(line, range);
            if (!text.IsEmpty)
            {
                bool number = IsNumber(text);
                anyNumber |= number;
                anyName |= !number;
            }
        }

        return (anyName && !anyNumber) || (lastColumnIsLabel && AreColumnNumbers(line, cells));
    }

    /// <summary>"0,1,…,63,label" or "1,2,…,64,label": the feature columns numbered in order, the label column named.</summary>
    private static bool AreColumnNumbers(string line, List<Range> cells)
    {
        ReadOnlySpan<char> label = Cell(line, cells[^1]);
        if (label.IsEmpty || IsNumber(label) || !int.TryParse(Cell(line, cells[0]), NumberStyles.None, CultureInfo.InvariantCulture, out int first) || first > 1)
        {
            return false;
        }

        for (int c = 1; c < cells.Count - 1; c++)
        {
            if (!int.TryParse(Cell(line, cells[c]), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index != first + c)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNumber(ReadOnlySpan<char> text) => double.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out _);

    private static float ParseValue(string path, int line, int column, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            throw new CsvFormatException(path, line, column, "empty cell; a number is needed.");
        }

        if (!float.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out float value))
        {
            throw new CsvFormatException(path, line, column, $"{Quote(text)} is not a number{SeparatorHint(text)}.");
        }

        if (!float.IsFinite(value))
        {
            bool overflow = double.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out double wide) && double.IsFinite(wide);
            throw new CsvFormatException(
                path, line, column, overflow ? $"{Quote(text)} is outside the range of a 32-bit float." : $"{Quote(text)} is not a finite number.");
        }

        return value;
    }

    private static int ParseLabel(string path, int line, int column, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            throw new CsvFormatException(path, line, column, "empty label cell; an integer class label is needed.");
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int label))
        {
            if (decimal.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out decimal exact)
                && exact == decimal.Truncate(exact) && exact >= int.MinValue && exact <= int.MaxValue)
            {
                label = (int)exact; // "3.0" or "3e0"
            }
            else if (IsNumber(text))
            {
                throw new CsvFormatException(path, line, column, $"label {Quote(text)} is not an integer class label.");
            }
            else
            {
                throw new CsvFormatException(path, line, column, $"label {Quote(text)} is not a number{SeparatorHint(text)}.");
            }
        }

        if (label < 0)
        {
            throw new CsvFormatException(path, line, column, $"label {label} is negative; class labels are 0 … K−1.");
        }

        return label;
    }

    private static string Quote(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? $"'{text}'" : $"'{text[..37]}...'";

    private static string SeparatorHint(ReadOnlySpan<char> text) =>
        text.ContainsAny(';', '\t') ? " (cells must be separated by commas)" : string.Empty;
}
