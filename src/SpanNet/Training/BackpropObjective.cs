using SpanNet.Backprop;
using SpanNet.Data;

namespace SpanNet.Training;

/// <summary>
/// J(Θ) on the current minibatch (or the whole set) as an <see cref="IObjective"/>. A minibatch of b
/// of the M training examples is given λ·b/M, so its regularization term is the full set's λ/2M·ΣΘ²
/// and its gradient an unbiased estimate of the full-batch ∇J: every optimizer minimizes the same J.
/// Remembers the
/// accuracy of its recent evaluations so the trainer can report the accuracy of whichever point a
/// line search accepted.
/// </summary>
internal sealed class BackpropObjective(Backpropagation backprop, LabeledData data, float lambda) : IObjective
{
    private const int Remembered = 64;
    private readonly double[] recentValues = new double[Remembered];
    private readonly int[] recentCorrect = new int[Remembered];
    private int next;

    public int ParameterCount => backprop.Architecture.ParameterCount;

    /// <summary>The examples of the current step; empty means all of them.</summary>
    public ReadOnlyMemory<int> Batch { get; set; }

    /// <summary>The examples of the step after this one, when known (<see cref="EvaluateAndUpdate"/>, the fused minibatch step, prefetches its first rows).</summary>
    public ReadOnlyMemory<int> NextBatch { get; set; }

    public int BatchSize => Batch.IsEmpty ? data.Count : Batch.Length;

    /// <summary>λ for the current step: the full set's, or its share b/M for a minibatch of b.</summary>
    public float StepLambda => Batch.IsEmpty ? lambda : lambda * Batch.Length / data.Count;

    public double Evaluate(ReadOnlySpan<float> parameters, Span<float> gradient) => Remember(Batch.IsEmpty
        ? backprop.CostAndGradient(parameters, data, lambda, gradient)
        : backprop.CostAndGradient(parameters, data, Batch.Span, StepLambda, gradient));

    /// <summary>J on the current minibatch at the point backprop holds (<see cref="Backpropagation.LoadParameters"/>), and <paramref name="update"/> applied there.</summary>
    public double EvaluateAndUpdate(IAlignedUpdate update) => Remember(backprop.CostAndUpdate(data, Batch.Span, StepLambda, update, NextBatch.Span));

    private double Remember(double value)
    {
        recentValues[next] = value;
        recentCorrect[next] = backprop.LastCorrectCount;
        next = (next + 1) % Remembered;
        return value;
    }

    /// <summary>The correct count of the most recent evaluation that gave <paramref name="value"/>.</summary>
    public int CorrectCountAt(double value)
    {
        for (int n = 1; n <= Remembered; n++)
        {
            int i = (next - n + Remembered) % Remembered;
            if (recentValues[i].Equals(value))
            {
                return recentCorrect[i];
            }
        }

        return backprop.LastCorrectCount;
    }
}
