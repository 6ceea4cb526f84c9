using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// The cross-entropy of sigmoid outputs, from their logits, in a form that never takes log(0):
    /// returns Σ_k −[t_k·log σ(z_k) + (1 − t_k)·log(1 − σ(z_k))] = Σ_k t_k·softplus(−z_k) + (1 − t_k)·softplus(z_k),
    /// with softplus(v) = max(v, 0) + log(1 + e^(−|v|)). Finite for every finite logit.
    /// </summary>
    /// <remarks>
    /// Evaluated in double precision (the exponential and logarithm of the double vector types,
    /// within 2 ulp of <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/>) as
    /// (max(z, 0) − t·z) + log(1 + e^(−|z|)): softplus(−z) = softplus(z) − z turns the two
    /// softplus terms into one, and max(z, 0) − t·z is exact for t ∈ {0, 1}, so nothing cancels.
    /// </remarks>
    /// <param name="logits">z(L), the output layer's pre-activations.</param>
    /// <param name="targets">The targets t (normally 0 or 1), of the same length.</param>
    /// <returns>The summed loss; NaN only if an input is NaN.</returns>
    public static double LogLossSum(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets)
    {
        Guard.ExactLength(targets.Length, logits.Length, nameof(targets), "the length of logits");
        return LogLossSumUnchecked(ref MemoryMarshal.GetReference(logits), ref MemoryMarshal.GetReference(targets), logits.Length);
    }

    internal static double LogLossSumUnchecked(ref float logits, ref float targets, nint length)
    {
        double sum = 0;
        nint k = 0;
        nint width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && length >= width)
        {
            Vector<double> total = Vector<double>.Zero;
            for (; k + width <= length; k += width)
            {
                Vector.Widen(Vector.LoadUnsafe(ref logits, (nuint)k), out Vector<double> z0, out Vector<double> z1);
                Vector.Widen(Vector.LoadUnsafe(ref targets, (nuint)k), out Vector<double> t0, out Vector<double> t1);
                total += LogLoss(z0, t0) + LogLoss(z1, t1);
            }

            sum = Vector.Sum(total);
        }

        for (; k < length; k++)
        {
            double z = Unsafe.Add(ref logits, k);
            sum += (Math.Max(z, 0) - (Unsafe.Add(ref targets, k) * z)) + LogOnePlus(Math.Exp(-Math.Abs(z)));
        }

        return sum;
    }

    /// <summary>log(1 + e^v) without overflow, and without losing e^−|v| when it is tiny next to 1.</summary>
    internal static double Softplus(double v) => Math.Max(v, 0) + LogOnePlus(Math.Exp(-Math.Abs(v)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> LogLoss(Vector<double> z, Vector<double> t)
    {
        Vector<double> e = Vector.Exp(-Vector.Abs(z));
        Vector<double> u = Vector<double>.One + e;
        Vector<double> log1p = Vector.ConditionalSelect(Vector.Equals(u, Vector<double>.One), e, Vector.Log(u) * e / (u - Vector<double>.One));
        return (Vector.Max(z, Vector<double>.Zero) - (t * z)) + log1p;
    }

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
