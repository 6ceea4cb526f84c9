namespace SpanNet.Training.Optimizers;

/// <summary>
/// Minimizes an <see cref="IObjective"/> one step at a time, updating the parameters in place.
/// All buffers are allocated at construction, so <see cref="Step"/> allocates nothing.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Allocates the optimizer's state for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The length of the parameter vector, at least 1.</param>
    protected Optimizer(int parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterCount, 1);
        ParameterCount = parameterCount;
        Gradient = new float[parameterCount];
    }

    /// <summary>The length of the parameter vector.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// True for methods the trainer runs on the whole training set at every step: those that compare
    /// function values across evaluations (line searches), which need the same objective every
    /// time, and plain gradient descent, the textbook full-batch method.
    /// </summary>
    public abstract bool RequiresFullBatch { get; }

    /// <summary>Set when the method can make no further progress (gradient zero, or no descent step found).</summary>
    public bool Converged { get; protected set; }

    /// <summary>How many times the objective has been evaluated since construction or <see cref="Reset"/>.</summary>
    public int Evaluations { get; protected set; }

    /// <summary>The gradient at the last evaluated point.</summary>
    protected float[] Gradient { get; }

    /// <summary>Takes one step.</summary>
    /// <param name="parameters">The current point, replaced by the new one.</param>
    /// <param name="objective">The function (for stochastic methods, this step's minibatch).</param>
    /// <returns>The objective's value: at the start of the step for single-evaluation methods, at the accepted point for line-search methods.</returns>
    public double Step(Span<float> parameters, IObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (parameters.Length != ParameterCount || objective.ParameterCount != ParameterCount)
        {
            throw new ArgumentException($"The optimizer was built for {ParameterCount} parameters; got {parameters.Length} (objective: {objective.ParameterCount}).", nameof(parameters));
        }

        return StepCore(parameters, objective);
    }

    /// <summary>Forgets all history (momentum, moments, curvature pairs), as if newly built.</summary>
    public virtual void Reset()
    {
        Converged = false;
        Evaluations = 0;
    }

    /// <summary>One step on validated arguments.</summary>
    /// <param name="parameters">The current point, replaced by the new one.</param>
    /// <param name="objective">The function.</param>
    /// <returns>See <see cref="Step"/>.</returns>
    protected abstract double StepCore(Span<float> parameters, IObjective objective);

    /// <summary>Evaluates and counts.</summary>
    /// <param name="objective">The function.</param>
    /// <param name="point">Where.</param>
    /// <param name="gradient">Receives the gradient.</param>
    /// <returns>The value.</returns>
    protected double Evaluate(IObjective objective, ReadOnlySpan<float> point, Span<float> gradient)
    {
        Evaluations++;
        return objective.Evaluate(point, gradient);
    }

    /// <summary>Σ a_i·b_i accumulated in double (the line searches compare small differences).</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <returns>The dot product.</returns>
    protected static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Validates a hyper-parameter: finite and positive.</summary>
    /// <param name="value">The value.</param>
    /// <param name="name">Its name for the exception.</param>
    /// <returns>The value.</returns>
    protected static float Positive(float value, string name) =>
        float.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be a finite number > 0.");
}
