using BenchmarkDotNet.Attributes;
using SpanNet.Backprop;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Benchmarks.Network;

/// <summary>
/// One optimizer step on the full data set (an epoch for the full-batch methods) next to the
/// cost-and-gradient evaluation it is built on (baseline): the step's own overhead is the ratio − 1.
/// Single-threaded; 0 B per step.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private NetworkCase data = null!;
    private Objective objective = null!;
    private float[] parameters = [];
    private float[] start = [];
    private float[] gradient = [];
    private Optimizer lbfgs = null!, cg = null!, adam = null!, sgd = null!, gd = null!;

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    public static IEnumerable<string> Cases => NetworkCase.Names;

    [GlobalSetup]
    public void Setup()
    {
        data = NetworkCase.Create(Case);
        objective = new Objective(new Backpropagation(data.Architecture), data);
        start = data.Network.Parameters.ToArray();
        parameters = [.. start];
        gradient = new float[start.Length];
        int p = start.Length;
        (lbfgs, cg, adam, sgd, gd) = (new Lbfgs(p), new ConjugateGradient(p), new Adam(p), new MomentumSgd(p, 0.01f), new GradientDescent(p, 0.1f));
    }

    /// <summary>Line-search methods keep state; restart from the same point so each iteration does the same work.</summary>
    [IterationSetup(Targets = [nameof(Lbfgs), nameof(ConjugateGradient)])]
    public void Restart()
    {
        start.CopyTo(parameters, 0);
        lbfgs.Reset();
        cg.Reset();
    }

    [Benchmark(Baseline = true)]
    public double CostAndGradient() => objective.Evaluate(parameters, gradient);

    [Benchmark]
    public double Lbfgs() => lbfgs.Step(parameters, objective);

    [Benchmark]
    public double ConjugateGradient() => cg.Step(parameters, objective);

    [Benchmark]
    public double Adam() => adam.Step(parameters, objective);

    [Benchmark]
    public double Sgd() => sgd.Step(parameters, objective);

    [Benchmark]
    public double GradientDescent() => gd.Step(parameters, objective);

    private sealed class Objective(Backpropagation backprop, NetworkCase data) : IObjective
    {
        public int ParameterCount => data.Architecture.ParameterCount;

        public double Evaluate(ReadOnlySpan<float> parameters, Span<float> gradient) => backprop.CostAndGradient(parameters, data.Data, 1f, gradient);
    }
}
