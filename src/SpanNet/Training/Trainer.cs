using System.Diagnostics;
using SpanNet.Backprop;
using SpanNet.Common;
using SpanNet.Data;
using SpanNet.Kernels;
using SpanNet.Networks;
using SpanNet.Training.Optimizers;

namespace SpanNet.Training;

/// <summary>
/// Trains a network: epochs of optimizer steps (full batch, or seeded shuffled minibatches), a
/// progress report per epoch, stopping rules (epoch limit, target cost, early stopping on validation
/// data with the best parameters restored, convergence), cancellation, and divergence detection
/// that restores the last good parameters. Everything a step needs is allocated when the trainer is
/// built, so epochs allocate nothing. Not thread-safe.
/// </summary>
public sealed class Trainer
{
    private readonly Backpropagation backprop;
    private readonly Backpropagation validationBackprop;
    private readonly Optimizer optimizer;
    private readonly float[] lastGood;
    private readonly float[] best;
    private int[] orderBuffer = [];

    /// <summary>Builds the optimizer and workspaces for <paramref name="architecture"/>.</summary>
    /// <param name="architecture">The layer sizes.</param>
    /// <param name="options">How to train (validated here).</param>
    public Trainer(NetworkArchitecture architecture, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Architecture = architecture;
        Options = options;
        backprop = new Backpropagation(architecture, options.MaxThreads);
        validationBackprop = new Backpropagation(architecture, options.MaxThreads);
        int p = architecture.ParameterCount;
        optimizer = options.Optimizer switch
        {
            OptimizerKind.Lbfgs => new Lbfgs(p),
            OptimizerKind.ConjugateGradient => new ConjugateGradient(p),
            OptimizerKind.Adam => new Adam(p, options.EffectiveLearningRate),
            OptimizerKind.Sgd => new MomentumSgd(p, options.EffectiveLearningRate, options.Momentum),
            _ => new GradientDescent(p, options.EffectiveLearningRate),
        };
        lastGood = new float[p];
        best = new float[p];
        if (!options.IsFullBatch)
        {
            (optimizer as IFusedStep)?.PrepareAligned(backprop.AlignedLength);
        }
    }

    /// <summary>The layer sizes.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Trains <paramref name="network"/> in place.</summary>
    /// <param name="network">The network to train (its current parameters are the starting point).</param>
    /// <param name="training">The training examples.</param>
    /// <param name="validation">Optional validation examples (reported each epoch; needed for early stopping).</param>
    /// <param name="onEpoch">Optional progress callback, called after every epoch.</param>
    /// <param name="cancellationToken">Checked between steps; on cancellation the network holds the last completed epoch's parameters (or the best ones with early stopping).</param>
    /// <returns>Why and when training stopped.</returns>
    /// <exception cref="TrainingDivergedException">The cost or parameters became non-finite; the network holds the parameters of its <c>RestoredEpoch</c> (the last finite epoch, or the best one with early stopping).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public TrainingResult Train(Network network, LabeledData training, LabeledData? validation = null, EpochCallback? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(training);
        CheckData(network, training, nameof(training));
        if (validation is not null)
        {
            CheckData(network, validation, nameof(validation));
        }

        if (SimdKernels.IndexOfNonFinite(network.Parameters) is int bad and >= 0)
        {
            throw new ArgumentException($"Parameter {bad} of the starting network is not finite.", nameof(network));
        }

        bool earlyStopping = Options.EarlyStoppingPatience > 0 && validation is not null;
        bool fullBatch = Options.IsFullBatch || optimizer.RequiresFullBatch;
        int batchSize = fullBatch ? training.Count : Math.Min(Options.BatchSize, training.Count);
        int[] order = Order(training.Count);
        var shuffle = new SeededRandom(Options.Seed);
        var objective = new BackpropObjective(backprop, training, Options.Lambda);

        // Minibatch SGD and Adam step inside backprop's last pass, on its aligned copy of Θ, which holds the
        // epoch's point; the network gets it back after every epoch.
        IFusedStep? fused = fullBatch ? null : optimizer as IFusedStep;
        optimizer.Reset();

        Span<float> parameters = network.Parameters;
        parameters.CopyTo(lastGood);
        parameters.CopyTo(best);
        long started = Stopwatch.GetTimestamp();
        double bestValidation = double.NaN, trainingCost = double.NaN;
        int bestEpoch = 0, lastGoodEpoch = 0, epoch = 0;
        StopReason reason = StopReason.MaxEpochs;

        try
        {
            while (epoch < Options.MaxEpochs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                epoch++;
                double costSum = 0;
                long correct = 0;
                if (fullBatch)
                {
                    objective.Batch = default;
                    costSum = optimizer.Step(parameters, objective);
                    correct = objective.CorrectCountAt(costSum);
                    trainingCost = costSum;
                }
                else
                {
                    shuffle.Shuffle(order.AsSpan());
                    if (fused is not null)
                    {
                        backprop.LoadParameters(parameters);
                    }

                    ReadOnlyMemory<int> BatchAt(int first) => first < order.Length ? order.AsMemory(first, Math.Min(batchSize, order.Length - first)) : default;
                    for (int start = 0; start < order.Length; start += batchSize)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        objective.Batch = BatchAt(start);
                        objective.NextBatch = BatchAt(start + batchSize);
                        double cost = fused is null ? optimizer.Step(parameters, objective) : fused.StepAligned(objective);
                        costSum += cost * objective.BatchSize;
                        correct += backprop.LastCorrectCount;
                    }

                    if (fused is not null)
                    {
                        backprop.StoreParameters(parameters);
                    }

                    trainingCost = costSum / order.Length;
                }

                if (!double.IsFinite(trainingCost) || SimdKernels.IndexOfNonFinite(parameters) >= 0)
                {
                    lastGood.CopyTo(parameters);
                    int restored = earlyStopping ? bestEpoch : lastGoodEpoch;
                    throw new TrainingDivergedException(
                        $"Training diverged in epoch {epoch} (cost {trainingCost}); the network holds the parameters of epoch {restored}. Try a smaller learning rate.")
                    { Epoch = epoch, RestoredEpoch = restored };
                }

                parameters.CopyTo(lastGood);
                lastGoodEpoch = epoch;

                double validationCost = double.NaN, validationAccuracy = double.NaN;
                if (validation is not null)
                {
                    validationCost = validationBackprop.Cost(parameters, validation, 0f);
                    validationAccuracy = (double)validationBackprop.LastCorrectCount / validation.Count;
                    if (!(validationCost >= bestValidation))
                    {
                        bestValidation = validationCost;
                        bestEpoch = epoch;
                        if (earlyStopping)
                        {
                            parameters.CopyTo(best);
                        }
                    }
                }
                else
                {
                    bestEpoch = epoch;
                }

                onEpoch?.Invoke(new EpochReport(
                    epoch, Options.MaxEpochs, trainingCost, (double)correct / training.Count, validationCost, validationAccuracy, Stopwatch.GetElapsedTime(started), optimizer.Evaluations));

                if (Options.TargetCost is { } target && trainingCost <= target)
                {
                    reason = StopReason.TargetCost;
                    break;
                }

                if (earlyStopping && epoch - bestEpoch >= Options.EarlyStoppingPatience)
                {
                    reason = StopReason.EarlyStopping;
                    break;
                }

                if (optimizer.Converged)
                {
                    reason = StopReason.Converged;
                    break;
                }
            }
        }
        finally
        {
            if (earlyStopping)
            {
                best.CopyTo(parameters);
            }
        }

        return new TrainingResult(reason, epoch, trainingCost, earlyStopping ? bestEpoch : epoch, bestValidation, Stopwatch.GetElapsedTime(started), optimizer.Evaluations);
    }

    /// <summary>0, 1, …, <paramref name="count"/> − 1 in a buffer kept from call to call.</summary>
    private int[] Order(int count)
    {
        if (orderBuffer.Length != count)
        {
            orderBuffer = new int[count];
        }

        for (int i = 0; i < count; i++)
        {
            orderBuffer[i] = i;
        }

        return orderBuffer;
    }

    private void CheckData(Network network, LabeledData data, string name)
    {
        if (!network.Architecture.Equals(Architecture))
        {
            throw new ArgumentException($"The trainer was built for a {Architecture} network, not {network.Architecture}.", nameof(network));
        }

        if (data.FeatureCount != Architecture.InputCount || data.OutputCount != Architecture.OutputCount)
        {
            throw new ArgumentException(
                $"The {name} data has {data.FeatureCount} features and {data.OutputCount} outputs; the network takes {Architecture.InputCount} and has {Architecture.OutputCount}.", name);
        }
    }
}
