using BenchmarkDotNet.Attributes;
using SpanNet.Models;
using SpanNet.Networks;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace SpanNet.Benchmarks.Network;

/// <summary>One example through a trained-size network: scalar loops (baseline), TensorPrimitives, SpanNet's Model.Predict (raw and with input scaling).</summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private Model model = null!;
    private Model scaledModel = null!;
    private global::SpanNet.Networks.Network network = null!;
    private Workspace workspace = null!;
    private float[] theta = [];
    private float[] input = [];
    private float[] rawInput = [];
    private float[] hidden = [];
    private float[] output = [];
    private int n, h, k;

    [Params("400-25-10", "64-25-10")]
    public string Architecture { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var architecture = NetworkArchitecture.Parse(Architecture.Replace('-', ','));
        (n, h, k) = (architecture.LayerSizes[0], architecture.LayerSizes[1], architecture.LayerSizes[2]);
        network = global::SpanNet.Networks.Network.CreateRandom(architecture, seed: 1);
        workspace = new Workspace(architecture);
        model = new Model(network);
        theta = network.Parameters.ToArray();
        input = BenchData.Random(n, seed: 5, min: 0f, max: 1f);

        // What `spannet train` saves by default: min-max scaling learned from the data, applied per call.
        // Raw features in [0, 255] scaled back onto [0, 1] give the other rows' outputs.
        float[] rawRows = BenchData.Random(500 * n, seed: 6, min: 0f, max: 255f);
        for (int j = 0; j < n; j++)
        {
            (rawRows[j], rawRows[n + j]) = (0f, 255f);
        }

        scaledModel = new Model(network, FeatureScaling.Learn(ScalingKind.MinMax, rawRows, n));
        rawInput = [.. input.Select(v => v * 255f)];
        hidden = new float[h];
        output = new float[k];

        Scalar();
        float[] expected = [.. output];
        TensorPrimitives();
        BenchData.AssertClose(expected, output, nameof(TensorPrimitives));
        SpanNet();
        BenchData.AssertClose(expected, output, nameof(SpanNet));
        NetworkForward();
        BenchData.AssertClose(expected, output, nameof(NetworkForward));
        SpanNetScaled();
        BenchData.AssertClose(expected, output, nameof(SpanNetScaled));
    }

    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        Layer(theta.AsSpan(0, h * (n + 1)), input, hidden);
        Layer(theta.AsSpan(h * (n + 1)), hidden, output);

        static void Layer(ReadOnlySpan<float> t, ReadOnlySpan<float> a, Span<float> z)
        {
            int columns = a.Length + 1;
            for (int i = 0; i < z.Length; i++)
            {
                float sum = t[i * columns];
                for (int j = 0; j < a.Length; j++)
                {
                    sum += t[(i * columns) + j + 1] * a[j];
                }

                z[i] = 1f / (1f + MathF.Exp(-sum));
            }
        }
    }

    [Benchmark]
    public void TensorPrimitives()
    {
        Layer(theta.AsSpan(0, h * (n + 1)), input, hidden);
        Layer(theta.AsSpan(h * (n + 1)), hidden, output);

        static void Layer(ReadOnlySpan<float> t, ReadOnlySpan<float> a, Span<float> z)
        {
            int columns = a.Length + 1;
            for (int i = 0; i < z.Length; i++)
            {
                z[i] = t[i * columns] + TP.Dot(t.Slice((i * columns) + 1, a.Length), a);
            }

            TP.Sigmoid(z, z);
        }
    }

    /// <summary>Model.Predict: the padded, 64-byte-aligned inference copy of the parameters.</summary>
    [Benchmark]
    public void SpanNet() => model.Predict(input, output);

    /// <summary>Model.Predict of a model with min-max input scaling (the CLI's default): raw features in.</summary>
    [Benchmark]
    public void SpanNetScaled() => scaledModel.Predict(rawInput, output);

    /// <summary>The same forward pass on the training layout (odd row strides, unaligned rows), for comparison.</summary>
    [Benchmark]
    public void NetworkForward() => network.Forward(input, output, workspace);
}
