using BenchmarkDotNet.Attributes;
using SpanNet.Backprop;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Benchmarks.Network;

/// <summary>
/// One optimizer step on the full data set (an epoch for the full-batch methods) next to the
/// cost-and-gradient evaluation it is built on (baseline): the step's own overhead is the ratio − 1.
/// The minibatch methods also run a whole epoch of 32-example batches over a shuffled order: once
/// through the public <see cref="Optimizer.Step"/> (every step copies Θ in, writes the gradient and
/// then updates), and once as <see cref="Trainer.Train"/> runs it (the step fused into backprop's
/// last pass on its aligned Θ; the time per epoch of a <see cref="TrainerEpochs"/>-epoch run, with
/// the trainer's per-epoch shuffle and checks; the network is trained on from one invocation to the
/// next, which changes no amount of work). Single-threaded; 0 B per step and per epoch (the trainer
/// rows show the few small objects each <see cref="Trainer.Train"/> call allocates, over 4 epochs).
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
    private int[] order = [];
    private Trainer sgdTrainer = null!, adamTrainer = null!;
    private SpanNet.Networks.Network trainerNetwork = null!;

    /// <summary>Epochs per trainer run; the trainer benchmarks report the time per epoch.</summary>
    public const int TrainerEpochs = 4;

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
        order = [.. Enumerable.Range(0, data.Data.Count)];
        new SpanNet.Common.SeededRandom(7).Shuffle(order.AsSpan());
        var options = new TrainerOptions { MaxEpochs = TrainerEpochs, BatchSize = 32, Lambda = 1f, MaxThreads = 1 };
        sgdTrainer = new Trainer(data.Architecture, options with { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01f });
        adamTrainer = new Trainer(data.Architecture, options with { Optimizer = OptimizerKind.Adam, LearningRate = 0.001f });
        trainerNetwork = SpanNet.Networks.Network.CreateRandom(data.Architecture, seed: 1);
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

    [Benchmark]
    public double AdamEpoch() => MinibatchEpoch(adam);

    [Benchmark]
    public double SgdEpoch() => MinibatchEpoch(sgd);

    [Benchmark(OperationsPerInvoke = TrainerEpochs)]
    public TrainingResult AdamTrainerEpoch() => adamTrainer.Train(trainerNetwork, data.Data);

    [Benchmark(OperationsPerInvoke = TrainerEpochs)]
    public TrainingResult SgdTrainerEpoch() => sgdTrainer.Train(trainerNetwork, data.Data);

    private double MinibatchEpoch(Optimizer optimizer)
    {
        double sum = 0;
        for (int start = 0; start < order.Length; start += 32)
        {
            objective.Batch = order.AsMemory(start, Math.Min(32, order.Length - start));
            sum += optimizer.Step(parameters, objective);
        }

        objective.Batch = default;
        return sum;
    }

    /// <summary>J on the whole set, or on <see cref="Batch"/> with λ scaled by its share (as the trainer does).</summary>
    private sealed class Objective(Backpropagation backprop, NetworkCase data) : IObjective
    {
        public int ParameterCount => data.Architecture.ParameterCount;

        public ReadOnlyMemory<int> Batch { get; set; }

        public double Evaluate(ReadOnlySpan<float> parameters, Span<float> gradient) => Batch.IsEmpty
            ? backprop.CostAndGradient(parameters, data.Data, 1f, gradient)
            : backprop.CostAndGradient(parameters, data.Data, Batch.Span, (float)Batch.Length / data.Data.Count, gradient);
    }
}
