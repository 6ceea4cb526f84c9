using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpanNet.Common;

/// <summary>
/// Zero-initialized floats that start on a 64-byte boundary (one cache line, one Vector512) of a
/// pinned array, so that vector loads at multiples of 16 floats never split a cache line. Pinned
/// (pinned object heap) because the alignment must survive garbage collections.
/// </summary>
internal sealed class AlignedBuffer
{
    /// <summary>The alignment in floats: 64 bytes.</summary>
    public const int AlignmentFloats = 16;

    private readonly float[] array;
    private readonly int start;

    public unsafe AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        array = GC.AllocateArray<float>(length + AlignmentFloats - 1, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        nuint bytes = AlignmentFloats * sizeof(float);
        start = (int)((bytes - (address % bytes)) % bytes / sizeof(float));
        Length = length;
    }

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
