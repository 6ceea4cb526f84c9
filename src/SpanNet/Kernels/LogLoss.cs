namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// The cross-entropy of sigmoid outputs, from their logits, in a form that never takes log(0):
    /// returns Σ_k −[t_k·log σ(z_k) + (1 − t_k)·log(1 − σ(z_k))] = Σ_k t_k·softplus(−z_k) + (1 − t_k)·softplus(z_k),
    /// with softplus(v) = max(v, 0) + log(1 + e^(−|v|)). Finite for every finite logit.
    /// </summary>
    /// <remarks>
    /// Evaluated in double precision, one output at a time: it runs once per example over the K
    /// outputs only (K is small next to the weight count), so accuracy is worth more than width here.
    /// </remarks>
    /// <param name="logits">z(L), the output layer's pre-activations.</param>
    /// <param name="targets">The targets t (normally 0 or 1), of the same length.</param>
    /// <returns>The summed loss; NaN only if an input is NaN.</returns>
    public static double LogLossSum(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets)
    {
        Guard.ExactLength(targets.Length, logits.Length, nameof(targets), "the length of logits");
        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            double z = logits[k];
            double t = targets[k];
            sum += (t * Softplus(-z)) + ((1 - t) * Softplus(z));
        }

        return sum;
    }

    /// <summary>log(1 + e^v) without overflow, and without losing e^−|v| when it is tiny next to 1.</summary>
    internal static double Softplus(double v) => Math.Max(v, 0) + LogOnePlus(Math.Exp(-Math.Abs(v)));

    /// <summary>
    /// log(1 + e) for e ∈ [0, 1] to full precision: u = 1 + e rounds, but log(u)·e/(u − 1) cancels
    /// that rounding exactly (Goldberg's trick), since u − 1 is the e that was really added.
    /// </summary>
    private static double LogOnePlus(double e)
    {
        double u = 1 + e;
        return u == 1 ? e : Math.Log(u) * e / (u - 1);
    }
}
