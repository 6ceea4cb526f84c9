using System.Runtime.CompilerServices;
using SpanNet.Common;

namespace SpanNet.Tests.Common;

public sealed class AlignedBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(AlignedBuffer.PageAlignedMinimum - 1)]
    [InlineData(AlignedBuffer.PageAlignedMinimum)]
    [InlineData(10368)]
    public unsafe void Buffers_start_on_a_line_and_large_page_aligned_ones_on_a_page(int length)
    {
        for (int i = 0; i < 8; i++)
        {
            var line = new AlignedBuffer(length);
            var page = AlignedBuffer.PageAligned(length);

            Assert.Equal(0, (long)Unsafe.AsPointer(ref line.Start) % 64);
            Assert.Equal(0, (long)Unsafe.AsPointer(ref page.Start) % (length >= AlignedBuffer.PageAlignedMinimum ? 4096 : 64));
            Assert.Equal(length, line.Span.Length);
            Assert.Equal(length, page.Span.Length);
            Assert.True(page.Span.IndexOfAnyExcept(0f) < 0);
            _ = GC.AllocateArray<byte>(100 + (i * 24), pinned: true);   // move the next pinned allocations along
        }
    }

    [Fact]
    public void A_length_the_slack_would_take_past_the_largest_array_is_rejected_before_allocating()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedBuffer.PageAligned(Array.MaxLength - AlignedBuffer.PageFloats + 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(Array.MaxLength - AlignedBuffer.AlignmentFloats + 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(-1));
    }
}
