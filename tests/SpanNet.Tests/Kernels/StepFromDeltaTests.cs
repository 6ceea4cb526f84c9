using System.Runtime.InteropServices;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// The fused steps (backprop's gradient pass and the optimizer's update in one) against the two
/// kernels they replace, run in turn on the same tier: the same bits for θ and the optimizer state
/// on whole lines, Σθ² of the old θ, and nothing outside the spans touched.
/// </summary>
public sealed class StepFromDeltaTests
{
    private const float Lambda = 0.7f, Scale = 1f / 32;

    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Momentum_step_from_delta_matches_regularize_then_update(SimdPath path)
    {
        var random = new Random(81);
        const float momentum = 0.9f, learningRate = 0.037f;
        foreach ((int length, bool regularized) in Cases())
        {
            GuardedBuffer delta = KernelTestData.Random(random, length, scale: 3f);
            GuardedBuffer theta = KernelTestData.Random(random, length);
            GuardedBuffer velocity = KernelTestData.Random(random, length, scale: 0.5f);
            float[] expectedTheta = theta.Copy(), expectedVelocity = velocity.Copy(), deltaBefore = delta.Copy();
            float[] gradient = Gradient(path, deltaBefore, expectedTheta, regularized);
            SimdKernels.MomentumUpdateUnchecked(
                path, momentum, learningRate, ref MemoryMarshal.GetArrayDataReference(expectedTheta), ref MemoryMarshal.GetArrayDataReference(gradient), ref MemoryMarshal.GetArrayDataReference(expectedVelocity), length);
            double expectedSquares = regularized ? SumOfSquares(theta.Span) : 0;

            double squares = SimdKernels.MomentumStepFromDeltaUnchecked(
                path, ref MemoryMarshal.GetReference(delta.Span), ref MemoryMarshal.GetReference(theta.Span), ref MemoryMarshal.GetReference(velocity.Span), length, regularized, Lambda, Scale, momentum, learningRate);

            string where = $"{path}, length {length}, regularized {regularized}";
            KernelTestData.AssertBitwiseEqual(expectedTheta, theta.Span, where + ": θ", "RegularizeGradient + MomentumUpdate give");
            KernelTestData.AssertBitwiseEqual(expectedVelocity, velocity.Span, where + ": v", "RegularizeGradient + MomentumUpdate give");
            KernelTestData.AssertBitwiseEqual(deltaBefore, delta.Span, where + ": Δ (read only)", "it was");
            KernelTestData.AssertClose(expectedSquares, (float)squares, KernelTestData.SumTolerance(length, expectedSquares), () => where + ": Σθ²");
            delta.AssertGuardsIntact();
            theta.AssertGuardsIntact();
            velocity.AssertGuardsIntact();
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Adam_step_from_delta_matches_regularize_then_update(SimdPath path)
    {
        var random = new Random(82);
        var step = new AdamStep(Beta1: 0.9f, Beta2: 0.999f, Epsilon: 1e-8f, StepSize: 0.01f / 0.19f, InverseSqrtSecondMomentCorrection: 22.36068f);
        foreach ((int length, bool regularized) in Cases())
        {
            GuardedBuffer delta = KernelTestData.Random(random, length, scale: 3f);
            GuardedBuffer theta = KernelTestData.Random(random, length);
            GuardedBuffer first = KernelTestData.Random(random, length, scale: 0.5f);
            GuardedBuffer second = KernelTestData.Random(random, length, scale: 0.5f);
            for (int i = 0; i < length; i++)
            {
                second.Span[i] = Math.Abs(second.Span[i]);
            }

            float[] expectedTheta = theta.Copy(), expectedFirst = first.Copy(), expectedSecond = second.Copy(), deltaBefore = delta.Copy();
            float[] gradient = Gradient(path, deltaBefore, expectedTheta, regularized);
            SimdKernels.AdamUpdateUnchecked(
                path,
                step,
                ref MemoryMarshal.GetArrayDataReference(expectedTheta),
                ref MemoryMarshal.GetArrayDataReference(gradient),
                ref MemoryMarshal.GetArrayDataReference(expectedFirst),
                ref MemoryMarshal.GetArrayDataReference(expectedSecond),
                length);
            double expectedSquares = regularized ? SumOfSquares(theta.Span) : 0;

            double squares = SimdKernels.AdamStepFromDeltaUnchecked(
                path,
                step,
                ref MemoryMarshal.GetReference(delta.Span),
                ref MemoryMarshal.GetReference(theta.Span),
                ref MemoryMarshal.GetReference(first.Span),
                ref MemoryMarshal.GetReference(second.Span),
                length,
                regularized,
                Lambda,
                Scale);

            string where = $"{path}, length {length}, regularized {regularized}";
            KernelTestData.AssertBitwiseEqual(expectedTheta, theta.Span, where + ": θ", "RegularizeGradient + AdamUpdate give");
            KernelTestData.AssertBitwiseEqual(expectedFirst, first.Span, where + ": m", "RegularizeGradient + AdamUpdate give");
            KernelTestData.AssertBitwiseEqual(expectedSecond, second.Span, where + ": v", "RegularizeGradient + AdamUpdate give");
            KernelTestData.AssertBitwiseEqual(deltaBefore, delta.Span, where + ": Δ (read only)", "it was");
            KernelTestData.AssertClose(expectedSquares, (float)squares, KernelTestData.SumTolerance(length, expectedSquares), () => where + ": Σθ²");
            delta.AssertGuardsIntact();
            theta.AssertGuardsIntact();
            first.AssertGuardsIntact();
            second.AssertGuardsIntact();
        }
    }

    /// <summary>
    /// Every test length that is a whole number of 64-byte lines, as backprop's aligned regions
    /// are, once with λ (weights) and once without (biases).
    /// </summary>
    private static IEnumerable<(int Length, bool Regularized)> Cases() =>
        KernelTestData.Lengths().Concat([4096]).Where(length => length % 16 == 0).SelectMany(length => new[] { (length, true), (length, false) });

    /// <summary>The gradient backprop's unfused pass writes: (Δ + λθ)/m by <see cref="SimdKernels.RegularizeGradientUnchecked"/> for weights, Δ·(1/m) for biases.</summary>
    private static float[] Gradient(SimdPath path, float[] delta, float[] theta, bool regularized)
    {
        float[] gradient = new float[delta.Length];
        if (!regularized)
        {
            for (int i = 0; i < delta.Length; i++)
            {
                gradient[i] = delta[i] * Scale;
            }

            return gradient;
        }

        SimdKernels.RegularizeGradientUnchecked(
            path, ref MemoryMarshal.GetArrayDataReference(delta), ref MemoryMarshal.GetArrayDataReference(theta), ref MemoryMarshal.GetArrayDataReference(gradient), delta.Length, Lambda, Scale);
        return gradient;
    }

    private static double SumOfSquares(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float value in values)
        {
            sum += (double)value * value;
        }

        return sum;
    }
}
