using SpanNet.Kernels;

namespace SpanNet.Training.Optimizers;

/// <summary>Full-batch gradient descent, the textbook method: θ ← θ − α·∇J(θ).</summary>
public sealed class GradientDescent : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">α &gt; 0.</param>
    public GradientDescent(int parameterCount, float learningRate)
        : base(parameterCount) => LearningRate = Positive(learningRate, nameof(learningRate));

    /// <summary>α.</summary>
    public float LearningRate { get; }

    /// <inheritdoc/>
    public override bool RequiresFullBatch => true;

    /// <inheritdoc/>
    protected override double StepCore(Span<float> parameters, IObjective objective)
    {
        double cost = Evaluate(objective, parameters, Gradient);
        SimdKernels.Axpy(-LearningRate, Gradient, parameters);
        return cost;
    }
}
