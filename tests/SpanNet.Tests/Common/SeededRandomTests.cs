using SpanNet.Common;

namespace SpanNet.Tests.Common;

/// <summary>
/// The generator's promise is the same sequence for the same seed everywhere, so the draws and a
/// shuffle are pinned here (values from the xoshiro128** implementation as first released): a
/// change that alters them changes every seeded initialization and minibatch order.
/// </summary>
public sealed class SeededRandomTests
{
    [Fact]
    public void The_sequence_for_a_seed_is_pinned()
    {
        var random = new SeededRandom(2026);
        Assert.Equal([1032183117u, 3932207154u, 128566115u, 119217151u, 3522416841u, 2018964209u], Enumerable.Range(0, 6).Select(_ => random.NextUInt32()));
        Assert.Equal([350, 311, 415, 666, 376, 744], Enumerable.Range(0, 6).Select(_ => random.NextInt32(1000)));

        int[] values = [.. Enumerable.Range(0, 20)];
        random.Shuffle(values.AsSpan());
        Assert.Equal([9, 15, 2, 1, 19, 11, 10, 14, 17, 0, 13, 3, 4, 6, 7, 8, 5, 18, 12, 16], values);
        Assert.Equal(3408064361u, random.NextUInt32()); // the shuffle leaves the generator where its draws ended
    }

    [Fact]
    public void Two_shuffles_of_a_training_set_sized_order_are_pinned()
    {
        var random = new SeededRandom(0);
        int[] order = [.. Enumerable.Range(0, 1797)];
        random.Shuffle(order.AsSpan());
        random.Shuffle(order.AsSpan());
        Assert.Equal(1453114127L, order.Select((value, i) => (long)value * (i + 1)).Sum());
        Assert.Equal(Enumerable.Range(0, 1797), order.Order());
    }

    [Fact]
    public void Bounded_draws_stay_in_range_and_reject_an_empty_range()
    {
        var random = new SeededRandom(5);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.InRange(random.NextInt32(7), 0, 6));
        Assert.Equal(0, random.NextInt32(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt32(0));
    }
}
