namespace SpanNet.Training;

/// <summary>A differentiable function of the unrolled parameters: the thing an optimizer minimizes.</summary>
public interface IObjective
{
    /// <summary>Length of the parameter vector.</summary>
    int ParameterCount { get; }

    /// <summary>The value at <paramref name="parameters"/> and its gradient.</summary>
    /// <param name="parameters">The point, <see cref="ParameterCount"/> values.</param>
    /// <param name="gradient">Receives the gradient; does not overlap <paramref name="parameters"/>.</param>
    /// <returns>The value.</returns>
    double Evaluate(ReadOnlySpan<float> parameters, Span<float> gradient);
}
