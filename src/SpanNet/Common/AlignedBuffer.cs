using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpanNet.Common;

/// <summary>
/// Zero-initialized floats that start on a 64-byte boundary (one cache line, one Vector512) of a
/// pinned array, so that vector loads at multiples of 16 floats never split a cache line; large
/// buffers that are walked in step with others start on a 4 KiB page (<see cref="PageAligned"/>).
/// Pinned (pinned object heap) because the alignment must survive garbage collections.
/// </summary>
internal sealed class AlignedBuffer
{
    /// <summary>The alignment in floats: 64 bytes.</summary>
    public const int AlignmentFloats = 16;

    private readonly float[] array;
    private readonly int start;

    /// <summary>The page size whose offsets <see cref="PageAligned"/> buffers share: 4 KiB.</summary>
    public const int PageFloats = 1024;

    /// <summary>The length from which <see cref="PageAligned"/> pays for its page of slack: 16 KiB, half an L1 data cache.</summary>
    public const int PageAlignedMinimum = 4 * PageFloats;

    /// <summary>A zeroed buffer of <paramref name="length"/> floats starting on a 64-byte line.</summary>
    public AlignedBuffer(int length)
        : this(length, AlignmentFloats)
    {
    }

    private unsafe AlignedBuffer(int length, int alignmentFloats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength - alignmentFloats);
        array = GC.AllocateArray<float>(length + alignmentFloats - 1, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        nuint bytes = (nuint)alignmentFloats * sizeof(float);
        start = (int)((bytes - (address % bytes)) % bytes / sizeof(float));
        Length = length;
    }

    /// <summary>
    /// A zeroed buffer starting on a 4 KiB page boundary, for the parameter-sized arrays that one
    /// pass walks in step (θ, Δ, the optimizer's moments): element i of every such buffer then sits
    /// at the same address modulo 4 KiB. Where θ started 64–128 bytes after Δ modulo 4 KiB, the
    /// store to θ[i] and the load of Δ[i + 16] a 512-bit iteration later looked like the same
    /// address to the load unit (4K aliasing) and the fused Adam pass over the 400-25-10 layout took
    /// 1.13–1.4× as long; with 64-byte alignment alone the distance depended on what else the process
    /// had allocated. A buffer shorter than <see cref="PageAlignedMinimum"/> is only line-aligned: it
    /// stays in L1, where the aliased layout measured no slower (64-25-10: 571 vs 570 ns), and a page
    /// of slack would more than double it.
    /// </summary>
    public static AlignedBuffer PageAligned(int length) => new(length, length >= PageAlignedMinimum ? PageFloats : AlignmentFloats);

    public int Length { get; }

    /// <summary>A new buffer holding a copy of <paramref name="values"/>.</summary>
    public static AlignedBuffer CopyOf(ReadOnlySpan<float> values)
    {
        var buffer = new AlignedBuffer(values.Length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    public Span<float> Span => array.AsSpan(start, Length);

    public ref float Start => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), start);

    /// <summary><paramref name="count"/> rounded up to a whole number of 64-byte lines.</summary>
    public static int PadToLine(int count) => (count + AlignmentFloats - 1) & ~(AlignmentFloats - 1);
}
