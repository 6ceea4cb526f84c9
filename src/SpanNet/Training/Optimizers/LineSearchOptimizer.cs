namespace SpanNet.Training.Optimizers;

/// <summary>
/// Shared machinery of the full-batch quasi-Newton and conjugate-gradient methods: the current
/// value and gradient, a search direction, and a line search for a step satisfying the strong
/// Wolfe conditions (Nocedal &amp; Wright, Numerical Optimization, algorithms 3.5 and 3.6):
/// φ(α) ≤ φ(0) + c₁αφ'(0) and |φ'(α)| ≤ c₂|φ'(0)|, with φ(α) = J(θ + α·d).
/// J and ∇J at the current point carry over from one <see cref="Optimizer.Step"/> to the next: a
/// call with other parameters than the last step left starts afresh (one more evaluation, no
/// curvature history); after changing the objective at the same point, call <see cref="Reset"/>.
/// </summary>
public abstract class LineSearchOptimizer : Optimizer
{
    private const double SufficientDecrease = 1e-4;
    private const int MaxEvaluationsPerSearch = 25;

    private readonly float[] trialPoint;
    private readonly float[] trialGradient;
    private readonly float[] lowPoint;
    private readonly float[] lowGradient;
    private readonly float[] currentPoint;
    private double value;
    private bool started;

    /// <summary>Allocates the buffers.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="curvature">c₂ of the strong Wolfe conditions (0.9 for quasi-Newton, 0.1 for conjugate gradients).</param>
    protected LineSearchOptimizer(int parameterCount, double curvature)
        : base(parameterCount)
    {
        Curvature = curvature;
        Direction = new float[parameterCount];
        trialPoint = new float[parameterCount];
        trialGradient = new float[parameterCount];
        lowPoint = new float[parameterCount];
        lowGradient = new float[parameterCount];
        currentPoint = new float[parameterCount];
    }

    /// <inheritdoc/>
    public override bool RequiresFullBatch => true;

    /// <summary>c₂.</summary>
    protected double Curvature { get; }

    /// <summary>The search direction, set by <see cref="ComputeDirection"/>.</summary>
    protected float[] Direction { get; }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        started = false;
    }

    /// <summary>Fills <see cref="Direction"/> from the current gradient (and any history); returns the first trial step length.</summary>
    /// <param name="gradient">∇J at the current point.</param>
    /// <param name="firstIteration">True on the first step after construction or a reset.</param>
    /// <returns>The initial α for the line search.</returns>
    protected abstract double ComputeDirection(ReadOnlySpan<float> gradient, bool firstIteration);

    /// <summary>Called after an accepted step with the step s = θ₊ − θ and the gradients before and after.</summary>
    /// <param name="step">α·d.</param>
    /// <param name="oldGradient">∇J(θ).</param>
    /// <param name="newGradient">∇J(θ₊).</param>
    protected abstract void Accept(ReadOnlySpan<float> step, ReadOnlySpan<float> oldGradient, ReadOnlySpan<float> newGradient);

    /// <summary>Drops curvature history (used when the direction is not a descent direction or the search failed).</summary>
    protected abstract void ForgetHistory();

    /// <inheritdoc/>
    protected override double StepCore(Span<float> parameters, IObjective objective)
    {
        // J and ∇J are carried from one step to the next; parameters that are not the point the last
        // step left (the caller moved them, or passed another network's) start over from scratch,
        // as after Reset, instead of searching from a stale value and gradient.
        if (started && !parameters.SequenceEqual(currentPoint))
        {
            started = false;
            Converged = false;
            ForgetHistory();
        }

        bool first = !started;
        if (!started)
        {
            value = Evaluate(objective, parameters, Gradient);
            parameters.CopyTo(currentPoint);
            started = true;
        }

        if (Converged || !double.IsFinite(value))
        {
            return value;
        }

        for (int attempt = 0; attempt < 2; attempt++)
        {
            double alpha = ComputeDirection(Gradient, first || attempt > 0);
            double slope = Dot(Gradient, Direction);
            if (!(slope < 0))
            {
                // Not a descent direction (or a zero gradient): fall back to steepest descent once.
                if (attempt == 0 && Dot(Gradient, Gradient) > 0)
                {
                    ForgetHistory();
                    continue;
                }

                Converged = true;
                return value;
            }

            if (Search(parameters, objective, slope, alpha, out double newValue))
            {
                Span<float> step = lowPoint;
                for (int i = 0; i < parameters.Length; i++)
                {
                    step[i] = trialPoint[i] - parameters[i];
                }

                Accept(step, Gradient, trialGradient);
                trialPoint.CopyTo(parameters);
                trialPoint.CopyTo(currentPoint, 0);
                trialGradient.CopyTo(Gradient, 0);
                value = newValue;
                return value;
            }

            ForgetHistory();
        }

        Converged = true;
        return value;
    }

    /// <summary>
    /// Finds α with the strong Wolfe conditions; on success <c>trialPoint</c> and <c>trialGradient</c>
    /// hold θ + α·d and its gradient.
    /// </summary>
    private bool Search(ReadOnlySpan<float> start, IObjective objective, double slope0, double alpha, out double found)
    {
        double value0 = value;
        double previousAlpha = 0, previousValue = value0, previousSlope = slope0;
        found = value0;
        int evaluations = 0;
        while (evaluations < MaxEvaluationsPerSearch)
        {
            (double v, double s) = Probe(start, objective, alpha);
            evaluations++;
            if (!double.IsFinite(v) || v > value0 + (SufficientDecrease * alpha * slope0) || (evaluations > 1 && v >= previousValue))
            {
                return Zoom(start, objective, slope0, previousAlpha, previousValue, previousSlope, alpha, v, s, evaluations, out found);
            }

            if (Math.Abs(s) <= -Curvature * slope0)
            {
                found = v;
                return true;
            }

            if (s >= 0)
            {
                SaveLow();
                return Zoom(start, objective, slope0, alpha, v, s, previousAlpha, previousValue, previousSlope, evaluations, out found);
            }

            SaveLow();
            previousAlpha = alpha;
            previousValue = v;
            previousSlope = s;
            alpha *= 2;
        }

        return AcceptLowIfBetter(previousAlpha, previousValue, value0, ref found);
    }

    private bool Zoom(ReadOnlySpan<float> start, IObjective objective, double slope0, double low, double lowValue, double lowSlope, double high, double highValue, double highSlope, int evaluations, out double found)
    {
        double value0 = value;
        found = value0;
        while (evaluations < MaxEvaluationsPerSearch)
        {
            double alpha = Interpolate(low, lowValue, lowSlope, high, highValue, highSlope);
            (double v, double s) = Probe(start, objective, alpha);
            evaluations++;
            if (!double.IsFinite(v) || v > value0 + (SufficientDecrease * alpha * slope0) || v >= lowValue)
            {
                high = alpha;
                highValue = double.IsFinite(v) ? v : double.MaxValue;
                highSlope = double.IsFinite(s) ? s : 0;
            }
            else
            {
                if (Math.Abs(s) <= -Curvature * slope0)
                {
                    found = v;
                    return true;
                }

                if (s * (high - low) >= 0)
                {
                    high = low;
                    highValue = lowValue;
                    highSlope = lowSlope;
                }

                SaveLow();
                low = alpha;
                lowValue = v;
                lowSlope = s;
            }

            if (Math.Abs(high - low) <= 1e-12 * Math.Max(1, Math.Abs(low)))
            {
                break;
            }
        }

        return AcceptLowIfBetter(low, lowValue, value0, ref found);
    }

    /// <summary>If the search ran out of evaluations but found a decrease, take that point (it satisfies sufficient decrease).</summary>
    private bool AcceptLowIfBetter(double low, double lowValue, double value0, ref double found)
    {
        if (low > 0 && lowValue < value0)
        {
            lowPoint.CopyTo(trialPoint, 0);
            lowGradient.CopyTo(trialGradient, 0);
            found = lowValue;
            return true;
        }

        return false;
    }

    private (double Value, double Slope) Probe(ReadOnlySpan<float> start, IObjective objective, double alpha)
    {
        float a = (float)alpha;
        for (int i = 0; i < start.Length; i++)
        {
            trialPoint[i] = start[i] + (a * Direction[i]);
        }

        double v = Evaluate(objective, trialPoint, trialGradient);
        return (v, Dot(trialGradient, Direction));
    }

    private void SaveLow()
    {
        trialPoint.CopyTo(lowPoint, 0);
        trialGradient.CopyTo(lowGradient, 0);
    }

    /// <summary>The minimizer of the cubic through both ends' values and slopes, kept inside the middle 80% of the bracket; bisection otherwise.</summary>
    private static double Interpolate(double a, double fa, double da, double b, double fb, double db)
    {
        double lo = Math.Min(a, b), hi = Math.Max(a, b), width = hi - lo;
        double d1 = da + db - (3 * (fa - fb) / (a - b));
        double discriminant = (d1 * d1) - (da * db);
        if (discriminant >= 0 && double.IsFinite(d1))
        {
            double d2 = Math.Sign(b - a) * Math.Sqrt(discriminant);
            double candidate = b - ((b - a) * (db + d2 - d1) / (db - da + (2 * d2)));
            if (double.IsFinite(candidate) && candidate >= lo + (0.1 * width) && candidate <= hi - (0.1 * width))
            {
                return candidate;
            }
        }

        return lo + (width / 2);
    }
}
