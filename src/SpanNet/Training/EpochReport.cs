namespace SpanNet.Training;

/// <summary>What one epoch achieved; passed by reference to the progress callback (nothing is allocated).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="MaxEpochs">The configured maximum.</param>
/// <param name="TrainingCost">J on the training data (regularized, as optimized; for minibatch methods each batch's J at the parameters it was evaluated at, averaged over the epoch's examples, so a short last batch weighs by its size).</param>
/// <param name="TrainingAccuracy">Fraction of training examples classified right at the evaluated points.</param>
/// <param name="ValidationCost">Unregularized J on the validation data after the epoch, or NaN without validation data.</param>
/// <param name="ValidationAccuracy">Validation accuracy after the epoch, or NaN.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Evaluations">Cost-and-gradient evaluations so far.</param>
public readonly record struct EpochReport(
    int Epoch,
    int MaxEpochs,
    double TrainingCost,
    double TrainingAccuracy,
    double ValidationCost,
    double ValidationAccuracy,
    TimeSpan Elapsed,
    int Evaluations);

/// <summary>Receives each epoch's report.</summary>
/// <param name="report">The report.</param>
public delegate void EpochCallback(in EpochReport report);

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>The epoch limit was reached.</summary>
    MaxEpochs,

    /// <summary>The training cost reached the target.</summary>
    TargetCost,

    /// <summary>The validation cost stopped improving; the best parameters were restored.</summary>
    EarlyStopping,

    /// <summary>The optimizer could make no further progress (zero gradient or no descent step).</summary>
    Converged,
}

/// <summary>The outcome of <see cref="Trainer.Train"/>.</summary>
/// <param name="StopReason">Why training ended.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="TrainingCost">The last epoch's training cost.</param>
/// <param name="BestEpoch">The epoch whose parameters the network holds (the last one, or the best on validation with early stopping).</param>
/// <param name="BestValidationCost">The lowest validation cost seen, or NaN.</param>
/// <param name="Elapsed">Wall-clock time.</param>
/// <param name="Evaluations">Cost-and-gradient evaluations.</param>
public sealed record TrainingResult(StopReason StopReason, int Epochs, double TrainingCost, int BestEpoch, double BestValidationCost, TimeSpan Elapsed, int Evaluations);

/// <summary>Training produced a non-finite cost or parameters; the network holds the parameters of <see cref="TrainingDivergedException.RestoredEpoch"/>: the last epoch that ended finite, or the best one on validation with early stopping.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The epoch in which the divergence was detected.</summary>
    public int Epoch { get; init; }

    /// <summary>The epoch whose parameters the network was restored to (0 = the initial parameters).</summary>
    public int RestoredEpoch { get; init; }
}
