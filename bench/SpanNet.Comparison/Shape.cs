namespace SpanNet.Comparison;

/// <summary>A row-major matrix shape, shown as "rows x columns" in the result tables.</summary>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
public readonly record struct Shape(int Rows, int Columns)
{
    public int Length => Rows * Columns;

    public override string ToString() => $"{Rows}x{Columns}";
}
