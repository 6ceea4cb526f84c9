using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// The index of the first largest value (a NaN is never larger, so a NaN at index 0 gives 0).
    /// </summary>
    /// <param name="values">At least one value.</param>
    /// <returns>The index.</returns>
    internal static int ArgMax(ReadOnlySpan<float> values) => ArgMax(SimdInfo.ActivePath, values);

    internal static int ArgMax(SimdPath path, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("ArgMax needs at least one value.", nameof(values));
        }

        return path == SimdPath.Scalar ? ArgMaxScalar(values) : ArgMaxSelect(ref MemoryMarshal.GetReference(values), values.Length);
    }

    private static int ArgMaxScalar(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>
    /// The scalar loop with its two selects made in a vector register (lane 0; the other lanes are
    /// ignored). Which output wins is data-dependent, and .NET 10's JIT compiles a float select to a
    /// branch, which on freshly shuffled minibatches mispredicts (a trainer epoch then ran ~7%
    /// slower than over an order repeated every epoch, which the predictor learns). Here each value
    /// costs a compare and two selects, with nothing to mispredict.
    /// </summary>
    private static int ArgMaxSelect(ref float values, int length)
    {
        Vector128<float> bestValue = Vector128.CreateScalarUnsafe(values);
        Vector128<int> best = Vector128<int>.Zero, index = Vector128<int>.Zero, one = Vector128<int>.One;
        for (int k = 1; k < length; k++)
        {
            index += one;
            Vector128<float> value = Vector128.CreateScalarUnsafe(Unsafe.Add(ref values, k));
            Vector128<float> greater = Vector128.GreaterThan(value, bestValue);
            best = Vector128.ConditionalSelect(greater.AsInt32(), index, best);
            bestValue = Vector128.ConditionalSelect(greater, value, bestValue);
        }

        return best.ToScalar();
    }
}
