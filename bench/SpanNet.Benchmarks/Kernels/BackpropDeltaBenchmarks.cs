using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>
/// One backprop step through a sigmoid layer, δ(l) = (Θᵀ·δ(l+1))[1..] ⊙ a ⊙ (1 − a)
/// (<see cref="SimdKernels.BackpropDelta"/>). The shape is Θ's, bias column included, so a
/// rows × columns shape has columns − 1 units.
/// </summary>
[MemoryDiagnoser]
public class BackpropDeltaBenchmarks
{
    private float[] theta = [];
    private float[] deltaNext = [];
    private float[] activations = [];
    private float[] destination = [];
    private float[] scratch = [];
    private int rows;
    private int columns;
    private int units;

    [ParamsSource(nameof(Shapes))]
    public MatrixShape Shape { get; set; }

    public static IEnumerable<MatrixShape> Shapes => MatrixShape.TrainerShapes;

    [GlobalSetup]
    public void Setup()
    {
        (rows, columns) = Shape;
        units = columns - 1;
        theta = BenchData.Random(Shape.Length, seed: 1);
        deltaNext = BenchData.Random(rows, seed: 2);
        activations = BenchData.Random(units, seed: 3, min: 0f, max: 1f);
        destination = new float[units];
        scratch = new float[units];

        BenchData.AssertVariantsAgree(destination, Scalar, (nameof(TensorPrimitives), TensorPrimitives), (nameof(SpanNetKernel), SpanNetKernel));
    }

    /// <summary>Θᵀ·δ row by row skipping the bias column, then a second pass for a ⊙ (1 − a).</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        ReadOnlySpan<float> t = theta;
        ReadOnlySpan<float> d = deltaNext;
        ReadOnlySpan<float> a = activations;
        Span<float> y = destination;
        y.Clear();
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = t.Slice((i * columns) + 1, units);
            float di = d[i];
            for (int j = 0; j < row.Length; j++)
            {
                y[j] += row[j] * di;
            }
        }

        for (int j = 0; j < units; j++)
        {
            y[j] *= a[j] * (1f - a[j]);
        }
    }

    /// <summary>One MultiplyAdd per row as in GemvTransposed, then Subtract, Multiply, Multiply for the sigmoid gradient.</summary>
    [Benchmark]
    public void TensorPrimitives()
    {
        ReadOnlySpan<float> t = theta;
        ReadOnlySpan<float> d = deltaNext;
        Span<float> y = destination;
        y.Clear();
        for (int i = 0; i < rows; i++)
        {
            TP.MultiplyAdd(t.Slice((i * columns) + 1, units), d[i], y, y);
        }

        TP.Subtract(1f, activations, scratch);
        TP.Multiply(scratch, activations, scratch);
        TP.Multiply(y, scratch, y);
    }

    [Benchmark]
    public void SpanNetKernel() => SimdKernels.BackpropDelta(theta, rows, deltaNext, activations, destination);
}
