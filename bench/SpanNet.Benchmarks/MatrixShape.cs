namespace SpanNet.Benchmarks;

/// <summary>A row-major matrix shape, shown as "rows x columns" in the result tables.</summary>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
public readonly record struct MatrixShape(int Rows, int Columns)
{
    /// <summary>
    /// The weight matrices the trainer meets: Θ(2) and Θ(1) of the course's 400-25-10 digit
    /// network (bias column included), Θ(1) of a 784-128 MNIST layer, and two square layers.
    /// </summary>
    public static IEnumerable<MatrixShape> TrainerShapes { get; } =
        [new(10, 26), new(25, 401), new(128, 785), new(512, 512), new(1024, 1024)];

    public int Length => Rows * Columns;

    public override string ToString() => $"{Rows}x{Columns}";
}
