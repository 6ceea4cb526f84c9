namespace SpanNet.Cli.Csv;

/// <summary>
/// A CSV file that cannot be used, with where: "<c>path: line 12, column 5: 'abc' is not a number.</c>"
/// Lines and columns (cells, not characters) are 1-based.
/// </summary>
public sealed class CsvFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file, as the user named it.</param>
    /// <param name="line">1-based line number.</param>
    /// <param name="column">1-based cell number, or null when the problem is the whole line or file.</param>
    /// <param name="problem">What is wrong, one sentence.</param>
    public CsvFormatException(string path, int line, int? column, string problem)
        : base(Format(path, line, column, problem))
    {
        FilePath = path;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number.</summary>
    public int Line { get; }

    /// <summary>1-based cell number, or null.</summary>
    public int? Column { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Format(string path, int line, int? column, string problem) =>
        column is { } c ? $"{path}: line {line}, column {c}: {problem}" : $"{path}: line {line}: {problem}";
}
