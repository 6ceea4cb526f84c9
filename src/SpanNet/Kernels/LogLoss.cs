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
    /// The logarithms are summed as the logarithm of a product (one per 64 elements of a lane).
    /// </remarks>
    /// <param name="logits">z(L), the output layer's pre-activations.</param>
    /// <param name="targets">The targets t (normally 0 or 1), of the same length.</param>
    /// <returns>The summed loss; NaN if an input is NaN or a logit is infinite (max(z, 0) − t·z is then ∞ − ∞ or 0·∞).</returns>
    public static double LogLossSum(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets)
    {
        Guard.ExactLength(targets.Length, logits.Length, nameof(targets), "the length of logits");
        return LogLossSumUnchecked(ref MemoryMarshal.GetReference(logits), ref MemoryMarshal.GetReference(targets), logits.Length);
    }

    internal static double LogLossSumUnchecked(ref float logits, ref float targets, nint length)
    {
        // Σ log(1 + e_k) is taken as the log of Π (1 + e_k): one logarithm per lane per
        // LogProductRun elements instead of one (and a division) per element. The running
        // product is kept as q = Π(1 + e_k) − 1, updated as q + e + q·e, so no digit of a tiny
        // e_k is lost to a leading 1, and its log1p is the accurate form below. Each factor is at
        // most 2, so q stays below 2^LogProductRun.
        const int LogProductRun = 64;
        double sum = 0, q = 0;
        nint k = 0;
        nint width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && length >= width)
        {
            Vector<double> total = Vector<double>.Zero, q0 = Vector<double>.Zero, q1 = Vector<double>.Zero;
            int run = 0;
            for (; k + width <= length; k += width)
            {
                Vector.Widen(Vector.LoadUnsafe(ref logits, (nuint)k), out Vector<double> z0, out Vector<double> z1);
                Vector.Widen(Vector.LoadUnsafe(ref targets, (nuint)k), out Vector<double> t0, out Vector<double> t1);
                total += (Vector.Max(z0, Vector<double>.Zero) - (t0 * z0)) + (Vector.Max(z1, Vector<double>.Zero) - (t1 * z1));
                Vector<double> e0 = Vector.Exp(-Vector.Abs(z0)), e1 = Vector.Exp(-Vector.Abs(z1));
                q0 = q0 + e0 + (q0 * e0);
                q1 = q1 + e1 + (q1 * e1);
                if (++run == LogProductRun)
                {
                    total += LogOnePlus(q0) + LogOnePlus(q1);
                    q0 = q1 = Vector<double>.Zero;
                    run = 0;
                }
            }

            sum = Vector.Sum(total + LogOnePlus(q0) + LogOnePlus(q1));
        }

        for (int run = 0; k < length; k++)
        {
            double z = Unsafe.Add(ref logits, k);
            double e = Math.Exp(-Math.Abs(z));
            sum += Math.Max(z, 0) - (Unsafe.Add(ref targets, k) * z);
            q = q + e + (q * e);
            if (++run == LogProductRun)
            {
                sum += LogOnePlus(q);
                q = 0;
                run = 0;
            }
        }

        return sum + LogOnePlus(q);
    }

    /// <summary>log(1 + e^v) without overflow, and without losing e^−|v| when it is tiny next to 1.</summary>
    internal static double Softplus(double v) => Math.Max(v, 0) + LogOnePlus(Math.Exp(-Math.Abs(v)));

    /// <summary>log(1 + q) to within a few ulp for every q ≥ 0 (Goldberg: log(u)·q/(u − 1) with u = 1 + q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> LogOnePlus(Vector<double> q)
    {
        Vector<double> u = Vector<double>.One + q;
        return Vector.ConditionalSelect(Vector.Equals(u, Vector<double>.One), q, Vector.Log(u) * q / (u - Vector<double>.One));
    }

    private static double LogOnePlus(double e)
    {
        double u = 1 + e;
        return u == 1 ? e : Math.Log(u) * e / (u - 1);
    }
}
