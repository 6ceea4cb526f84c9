namespace SpanNet.Training.Optimizers;

/// <summary>
/// Nonlinear conjugate gradients, Polak–Ribière with the PR+ restart (β = max(0, g₊ᵀ(g₊ − g) / gᵀg)),
/// with a strong-Wolfe line search (c₂ = 0.1): the method of the course's <c>fmincg</c>. Full-batch only.
/// </summary>
public sealed class ConjugateGradient : LineSearchOptimizer
{
    private double beta;
    private double lastStepLength = 1;
    private double lastSlope;
    private bool hasDirection;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    public ConjugateGradient(int parameterCount)
        : base(parameterCount, curvature: 0.1)
    {
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        ForgetHistory();
    }

    /// <inheritdoc/>
    protected override void ForgetHistory()
    {
        hasDirection = false;
        beta = 0;
    }

    /// <inheritdoc/>
    protected override double ComputeDirection(ReadOnlySpan<float> gradient, bool firstIteration)
    {
        float[] d = Direction;
        float b = hasDirection && !firstIteration ? (float)beta : 0f;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = (b * d[i]) - gradient[i];
        }

        double slope = Dot(gradient, d);
        double initial;
        if (!hasDirection || firstIteration || lastSlope == 0)
        {
            double norm = Math.Sqrt(Dot(gradient, gradient));
            initial = norm > 1 ? 1 / norm : 1;
        }
        else
        {
            // Nocedal & Wright (3.60): assume the first-order change matches the last step's.
            initial = Math.Clamp(lastStepLength * lastSlope / slope, 1e-10, 1e10);
        }

        lastSlope = slope;
        hasDirection = true;
        return initial;
    }

    /// <inheritdoc/>
    protected override void Accept(ReadOnlySpan<float> step, ReadOnlySpan<float> oldGradient, ReadOnlySpan<float> newGradient)
    {
        double oldNorm = Dot(oldGradient, oldGradient);
        double change = 0;
        for (int i = 0; i < newGradient.Length; i++)
        {
            change += (double)newGradient[i] * (newGradient[i] - oldGradient[i]);
        }

        beta = oldNorm > 0 ? Math.Max(0, change / oldNorm) : 0;
        double directionNorm = Math.Sqrt(Dot(Direction, Direction));
        lastStepLength = directionNorm > 0 ? Math.Sqrt(Dot(step, step)) / directionNorm : 1;
    }
}
