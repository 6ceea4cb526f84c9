using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace SpanNet.Kernels;

/// <summary>
/// The input rows of a panel of examples, picked by number: example b's row starts at
/// first + rows[b]·stride. Consecutive rows use the numbers 0, 1, 2 …; a minibatch passes its
/// example indices and the kernels read the scattered rows of the data set in place (no gather copy).
/// </summary>
internal readonly ref struct PanelRows
{
    private readonly ref float first;
    private readonly ref int rows;
    private readonly nint stride;

    public PanelRows(ref float first, ref int rows, nint stride)
    {
        this.first = ref first;
        this.rows = ref rows;
        this.stride = stride;
    }

    /// <summary>The first element of example <paramref name="b"/>'s row.</summary>
    public ref float this[nint b]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref first, Unsafe.Add(ref rows, b) * stride);
    }

    /// <summary>
    /// Asks for the first <paramref name="examples"/> rows, <paramref name="length"/> floats each,
    /// to be brought into L2, one prefetch per 64-byte line (x86 only; a no-op elsewhere).
    /// </summary>
    public unsafe void PrefetchToL2(nint examples, nint length)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        for (nint b = 0; b < examples; b++)
        {
            // A prefetch never faults; the rows live in pinned buffers or caller spans.
            float* row = (float*)Unsafe.AsPointer(ref this[b]);
            for (nint j = 0; j < length; j += 16)
            {
                Sse.Prefetch1(row + j);
            }
        }
    }
}
