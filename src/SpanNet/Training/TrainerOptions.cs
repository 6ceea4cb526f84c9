namespace SpanNet.Training;

/// <summary>The optimization method.</summary>
public enum OptimizerKind
{
    /// <summary>Limited-memory BFGS with a strong-Wolfe line search (full batch). The default.</summary>
    Lbfgs,

    /// <summary>Polak–Ribière conjugate gradients with a line search (full batch), as the course's fmincg.</summary>
    ConjugateGradient,

    /// <summary>Adam on minibatches.</summary>
    Adam,

    /// <summary>Stochastic gradient descent with momentum on minibatches.</summary>
    Sgd,

    /// <summary>Plain full-batch gradient descent, the textbook method.</summary>
    GradientDescent,
}

/// <summary>How to train. Immutable; <see cref="Validate"/> is called by the trainer.</summary>
public sealed record TrainerOptions
{
    /// <summary>The method (L-BFGS by default).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Lbfgs;

    /// <summary>The most epochs to run; for the full-batch methods an epoch is one iteration.</summary>
    public int MaxEpochs { get; init; } = 400;

    /// <summary>Examples per minibatch for SGD and Adam; 0 means the whole training set.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The step size α; null picks the method's default (GD 2, SGD 0.5, Adam 0.01; unused by L-BFGS and CG).</summary>
    public float? LearningRate { get; init; }

    /// <summary>μ for SGD.</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>The L2 regularization strength λ ≥ 0.</summary>
    public float Lambda { get; init; } = 1f;

    /// <summary>Seed of the minibatch shuffling (the same seed gives bit-identical training on the same ISA).</summary>
    public ulong Seed { get; init; }

    /// <summary>Stop once the training cost is at most this value.</summary>
    public double? TargetCost { get; init; }

    /// <summary>
    /// With validation data: stop after this many epochs without a lower validation cost and restore
    /// the best parameters; 0 turns early stopping off.
    /// </summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>
    /// Threads a cost-and-gradient evaluation may use (1 by default: a service keeps its other
    /// cores; <see cref="Environment.ProcessorCount"/> trains on all of them). The examples are split
    /// into fixed chunks of <see cref="SpanNet.Backprop.Backpropagation.ChunkSize"/>, so full-batch
    /// optimizers and minibatches larger than one chunk use the threads, while a minibatch of up to
    /// 128 examples runs on one thread. Results are bit-identical for any value.
    /// </summary>
    public int MaxThreads { get; init; } = 1;

    /// <summary>The learning rate in effect for <see cref="Optimizer"/>.</summary>
    public float EffectiveLearningRate => LearningRate ?? Optimizer switch
    {
        OptimizerKind.GradientDescent => 2f,
        OptimizerKind.Sgd => 0.5f,
        OptimizerKind.Adam => 0.01f,
        _ => 1f,
    };

    /// <summary>Whether the method works on the whole training set at every step.</summary>
    public bool IsFullBatch => Optimizer is OptimizerKind.Lbfgs or OptimizerKind.ConjugateGradient or OptimizerKind.GradientDescent || BatchSize == 0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Optimizer))
        {
            throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimizer.");
        }

        if (MaxEpochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEpochs), MaxEpochs, "At least one epoch is needed.");
        }

        if (BatchSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be ≥ 0 (0 = full batch).");
        }

        if (LearningRate is { } rate && !(float.IsFinite(rate) && rate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), rate, "The learning rate must be a finite number > 0.");
        }

        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be in [0, 1).");
        }

        if (!(float.IsFinite(Lambda) && Lambda >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "λ must be a finite number ≥ 0.");
        }

        if (TargetCost is { } target && double.IsNaN(target))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetCost), target, "The target cost must be a number.");
        }

        if (MaxThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxThreads), MaxThreads, "At least one thread is needed.");
        }

        if (EarlyStoppingPatience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "Patience must be ≥ 0.");
        }
    }
}
