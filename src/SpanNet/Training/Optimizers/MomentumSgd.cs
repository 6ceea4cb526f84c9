using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Common;
using SpanNet.Kernels;

namespace SpanNet.Training.Optimizers;

/// <summary>
/// Minibatch stochastic gradient descent with classical momentum:
/// v ← μ·v − α·∇J_batch(θ), θ ← θ + v.
/// </summary>
public sealed class MomentumSgd : Optimizer, IFusedStep
{
    private readonly float[] velocity;
    private AlignedBuffer? alignedVelocity;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">α &gt; 0.</param>
    /// <param name="momentum">μ in [0, 1).</param>
    public MomentumSgd(int parameterCount, float learningRate, float momentum = 0.9f)
        : base(parameterCount)
    {
        LearningRate = Positive(learningRate, nameof(learningRate));
        if (!(momentum >= 0f && momentum < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        }

        Momentum = momentum;
        velocity = new float[parameterCount];
    }

    /// <summary>α.</summary>
    public float LearningRate { get; }

    /// <summary>μ.</summary>
    public float Momentum { get; }

    /// <inheritdoc/>
    public override bool RequiresFullBatch => false;

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        Array.Clear(velocity);
        alignedVelocity?.Span.Clear();
    }

    void IFusedStep.PrepareAligned(int length)
    {
        if (alignedVelocity?.Length != length)
        {
            alignedVelocity = AlignedBuffer.PageAligned(length);
        }
    }

    double IFusedStep.StepAligned(BackpropObjective objective)
    {
        Evaluations++;
        return objective.EvaluateAndUpdate(this);
    }

    double Backprop.IAlignedUpdate.Update(SimdPath path, ref float delta, ref float theta, int start, int length, bool regularized, float lambda, float scale) =>
        SimdKernels.MomentumStepFromDeltaUnchecked(
            path, ref delta, ref theta, ref Unsafe.Add(ref alignedVelocity!.Start, start), length, regularized, lambda, scale, Momentum, LearningRate);

    /// <inheritdoc/>
    protected override double StepCore(Span<float> parameters, IObjective objective)
    {
        double cost = Evaluate(objective, parameters, Gradient);
        SimdKernels.MomentumUpdateUnchecked(
            SimdInfo.ActivePath,
            Momentum,
            LearningRate,
            ref MemoryMarshal.GetReference(parameters),
            ref MemoryMarshal.GetArrayDataReference(Gradient),
            ref MemoryMarshal.GetArrayDataReference(velocity),
            parameters.Length);
        return cost;
    }
}
