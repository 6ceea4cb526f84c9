namespace SpanNet.Tests;

/// <summary>
/// Zero-allocation checks that a tiered JIT cannot make flaky: the runtime may allocate a little
/// on the calling thread the first times a method is promoted or a new path runs, which is not the
/// code under test allocating. So the action runs once to warm up and is then measured up to five
/// times: a real allocation shows in every measurement, a one-time runtime cost does not.
/// </summary>
internal static class AllocationAssert
{
    public static void ZeroAfterWarmUp(Action action, int attempts = 5)
    {
        action();
        long smallest = long.MaxValue;
        for (int i = 0; i < attempts && smallest != 0; i++)
        {
            smallest = Math.Min(smallest, Measure(action));
        }

        Assert.True(smallest == 0, $"allocated at least {smallest} bytes in every one of {attempts} runs");
    }

    public static long Measure(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
