namespace SpanNet.Cli.Csv;

/// <summary>
/// A numeric CSV file as read by <see cref="CsvReader"/>: a row-major matrix of finite floats and,
/// for data files, the integer class label of each row (the last column).
/// </summary>
public sealed class CsvTable
{
    internal CsvTable(string path, int? headerLine, int columnCount, float[] values, int[]? labels, int[] lineNumbers)
    {
        FilePath = path;
        HeaderLine = headerLine;
        ColumnCount = columnCount;
        Values = values;
        Labels = labels;
        LineNumbers = lineNumbers;
    }

    /// <summary>The file, as the user named it (for messages).</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of the header, or null when the file has none.</summary>
    public int? HeaderLine { get; }

    /// <summary>Number of rows (data lines; the header and trailing blank lines are not rows).</summary>
    public int RowCount => LineNumbers.Length;

    /// <summary>Number of cells per line, label column included.</summary>
    public int ColumnCount { get; }

    /// <summary>Numeric columns per row in <see cref="Values"/>: all columns, or all but the label column.</summary>
    public int ValueColumnCount => Labels is null ? ColumnCount : ColumnCount - 1;

    /// <summary>The numeric cells, row-major, <see cref="RowCount"/> × <see cref="ValueColumnCount"/>; all finite.</summary>
    public float[] Values { get; }

    /// <summary>The label of each row (the last column) when read as labeled data, else null. Each is ≥ 0.</summary>
    public int[]? Labels { get; }

    /// <summary>The 1-based line number each row came from.</summary>
    public int[] LineNumbers { get; }

    /// <summary>The 1-based column number of the label cell (the last one).</summary>
    public int LabelColumn => ColumnCount;

    /// <summary>The values of row <paramref name="row"/>.</summary>
    /// <param name="row">0-based row index.</param>
    /// <returns><see cref="ValueColumnCount"/> values.</returns>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * ValueColumnCount, ValueColumnCount);

    /// <summary>The rows at <paramref name="rows"/>, in that order, keeping their line numbers (so errors still point into this file).</summary>
    /// <param name="rows">0-based row indices, each in 0 … <see cref="RowCount"/> − 1; at least one.</param>
    /// <returns>A new table.</returns>
    public CsvTable Subset(ReadOnlySpan<int> rows)
    {
        if (rows.IsEmpty)
        {
            throw new ArgumentException("A subset needs at least one row.", nameof(rows));
        }

        int width = ValueColumnCount;
        float[] values = new float[rows.Length * width];
        int[]? labels = Labels is null ? null : new int[rows.Length];
        int[] lines = new int[rows.Length];
        for (int n = 0; n < rows.Length; n++)
        {
            int row = rows[n];
            ArgumentOutOfRangeException.ThrowIfNegative(row, nameof(rows));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount, nameof(rows));
            Row(row).CopyTo(values.AsSpan(n * width));
            if (labels is not null)
            {
                labels[n] = Labels![row];
            }

            lines[n] = LineNumbers[row];
        }

        return new CsvTable(FilePath, HeaderLine, ColumnCount, values, labels, lines);
    }

    /// <summary>An error located at a row of this table.</summary>
    /// <param name="row">0-based row index.</param>
    /// <param name="column">1-based column, or null.</param>
    /// <param name="problem">What is wrong.</param>
    /// <returns>The exception, to throw.</returns>
    public CsvFormatException ErrorAt(int row, int? column, string problem) => new(FilePath, LineNumbers[row], column, problem);
}
