using BenchmarkDotNet.Attributes;
using SpanNet.Backprop;

namespace SpanNet.Benchmarks.Network;

/// <summary>
/// J(Θ) and ∇J over a whole data set: the naive scalar per-example implementation (baseline), the
/// same on TensorPrimitives, and SpanNet on one thread and on every core.
/// </summary>
[MemoryDiagnoser]
public class CostGradientBenchmarks
{
    private NetworkCase data = null!;
    private NaiveBackprop naive = null!;
    private Backpropagation singleThreaded = null!;
    private Backpropagation allCores = null!;
    private float[] gradient = [];

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    public static IEnumerable<string> Cases => NetworkCase.Names;

    [GlobalSetup]
    public void Setup()
    {
        data = NetworkCase.Create(Case);
        naive = new NaiveBackprop(data.Architecture);
        singleThreaded = new Backpropagation(data.Architecture);
        allCores = new Backpropagation(data.Architecture, Environment.ProcessorCount);
        gradient = new float[data.Architecture.ParameterCount];

        double expected = Scalar();
        float[] expectedGradient = [.. gradient];
        foreach ((string name, Func<double> run) in new (string, Func<double>)[] { (nameof(TensorPrimitives), TensorPrimitives), (nameof(SpanNet), SpanNet), (nameof(SpanNetAllCores), SpanNetAllCores) })
        {
            double cost = run();
            if (Math.Abs(cost - expected) > 1e-3 * Math.Abs(expected))
            {
                throw new InvalidOperationException($"{name}: J = {cost}, the scalar loop gives {expected}.");
            }

            BenchData.AssertClose(expectedGradient, gradient, name);
        }
    }

    [Benchmark(Baseline = true)]
    public double Scalar() => naive.ScalarCostAndGradient(data.Network.Parameters, data.Data, 1f, gradient);

    [Benchmark]
    public double TensorPrimitives() => naive.TensorPrimitivesCostAndGradient(data.Network.Parameters, data.Data, 1f, gradient);

    [Benchmark]
    public double SpanNet() => singleThreaded.CostAndGradient(data.Network.Parameters, data.Data, 1f, gradient);

    [Benchmark]
    public double SpanNetAllCores() => allCores.CostAndGradient(data.Network.Parameters, data.Data, 1f, gradient);
}
