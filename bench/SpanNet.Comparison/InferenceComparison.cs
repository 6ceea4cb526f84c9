using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using SpanNet.Comparison.Peers;
using SpanNet.Models;
using SpanNet.Networks;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace SpanNet.Comparison;

/// <summary>
/// One example through a sigmoid network with the same weights everywhere: SpanNet's
/// Model.Predict (baseline), the TensorPrimitives loop of the in-project InferenceBenchmarks, and
/// ONNX Runtime on a model built from the same parameters, single-threaded, with pre-allocated
/// input and output tensors over managed arrays (through an IoBinding, and through the
/// Run overload that takes OrtValue outputs).
/// </summary>
[MemoryDiagnoser]
public class InferenceComparison
{
    private Model model = null!;
    private float[] theta = [];
    private float[] input = [];
    private float[] hidden = [];
    private float[] output = [];
    private int n, h, k;

    private InferenceSession? session;
    private RunOptions? runOptions;
    private OrtIoBinding? binding;
    private OrtValue? inputValue;
    private OrtValue? outputValue;
    private float[] onnxOutput = [];
    private string[] inputNames = [];
    private string[] outputNames = [];
    private OrtValue[] inputValues = [];
    private OrtValue[] outputValues = [];

    [Params("400-25-10", "64-25-10")]
    public string Architecture { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        // The in-project InferenceBenchmarks' network and input: seed 1 weights, seed 5 features in [0, 1].
        var architecture = NetworkArchitecture.Parse(Architecture.Replace('-', ','));
        (n, h, k) = (architecture.LayerSizes[0], architecture.LayerSizes[1], architecture.LayerSizes[2]);
        var network = global::SpanNet.Networks.Network.CreateRandom(architecture, seed: 1);
        model = new Model(network);
        theta = network.Parameters.ToArray();
        input = ComparisonData.Random(n, seed: 5, min: 0f, max: 1f);
        hidden = new float[h];
        output = new float[k];

        SpanNetPredict();
        float[] expected = [.. output];
        output.AsSpan().Clear();
        TensorPrimitives();
        ComparisonData.AssertClose(expected, output, nameof(TensorPrimitives), 1e-5f);

        if (OnnxRuntimePeer.IsAvailable)
        {
            SetupOnnxRuntime();
            OnnxRuntimeIoBinding();
            ComparisonData.AssertClose(expected, onnxOutput, nameof(OnnxRuntimeIoBinding), 1e-5f);
            onnxOutput.AsSpan().Clear();
            OnnxRuntimeRun();
            ComparisonData.AssertClose(expected, onnxOutput, nameof(OnnxRuntimeRun), 1e-5f);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        binding?.Dispose();
        inputValue?.Dispose();
        outputValue?.Dispose();
        runOptions?.Dispose();
        session?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void SpanNetPredict() => model.Predict(input, output);

    /// <summary>Per layer, one TensorPrimitives.Dot per unit plus the bias, then TensorPrimitives.Sigmoid.</summary>
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

    /// <summary>session.RunWithBinding: input and output bound once to OrtValues over pinned managed arrays.</summary>
    [Benchmark]
    [BenchmarkCategory(PeerAvailability.OnnxRuntimeCategory)]
    public void OnnxRuntimeIoBinding() => session!.RunWithBinding(runOptions!, binding!);

    /// <summary>session.Run(RunOptions, names, OrtValues, names, OrtValues): the same tensors, no binding object.</summary>
    [Benchmark]
    [BenchmarkCategory(PeerAvailability.OnnxRuntimeCategory)]
    public void OnnxRuntimeRun() => session!.Run(runOptions!, inputNames, inputValues, outputNames, outputValues);

    private void SetupOnnxRuntime()
    {
        using (SessionOptions options = OnnxRuntimePeer.SingleThreadOptions())
        {
            session = new InferenceSession(OnnxModel.Build(model), options);
        }

        runOptions = new RunOptions();
        onnxOutput = new float[k];
        inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, n]);
        outputValue = OrtValue.CreateTensorValueFromMemory(onnxOutput, [1, k]);
        binding = session.CreateIoBinding();
        binding.BindInput(OnnxModel.InputName, inputValue);
        binding.BindOutput(OnnxModel.OutputName, outputValue);
        inputNames = [OnnxModel.InputName];
        outputNames = [OnnxModel.OutputName];
        inputValues = [inputValue];
        outputValues = [outputValue];
    }
}
