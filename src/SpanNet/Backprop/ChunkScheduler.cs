namespace SpanNet.Backprop;

/// <summary>A job split into numbered chunks; any worker may run any chunk.</summary>
internal interface IChunkedJob
{
    /// <summary>Runs chunk <paramref name="chunk"/> with the scratch of worker <paramref name="worker"/> (0 = the calling thread).</summary>
    void RunChunk(int chunk, int worker);
}

/// <summary>
/// A process-wide set of parked helper threads (one fewer than the processors) that run the chunks
/// of one job at a time with the calling thread; chunks are handed out by an atomic counter. A job
/// that finds the helpers busy runs all its chunks on its own thread instead, which gives the same
/// results: callers make every chunk's arithmetic independent of which worker runs it. Nothing is
/// allocated per job once the threads exist.
/// </summary>
internal static class ChunkScheduler
{
    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim Start = new(0);
    private static readonly CountdownEvent Done = new(1);
    private static Thread[]? helpers;
    private static IChunkedJob? job;
    private static int chunkCount;
    private static int nextChunk;
    private static int nextWorker;
    private static Exception? failure;

    /// <summary>Helper threads available besides the caller.</summary>
    public static int HelperCount { get; } = Math.Max(0, Environment.ProcessorCount - 1);

    /// <summary>Runs chunks 0 … <paramref name="chunks"/> − 1 of <paramref name="work"/> on up to <paramref name="maxWorkers"/> threads.</summary>
    public static void Run(IChunkedJob work, int chunks, int maxWorkers)
    {
        int extra = Math.Min(Math.Min(maxWorkers - 1, HelperCount), chunks - 1);
        if (extra <= 0 || !Gate.TryEnter())
        {
            for (int c = 0; c < chunks; c++)
            {
                work.RunChunk(c, 0);
            }

            return;
        }

        try
        {
            EnsureHelpers();
            job = work;
            chunkCount = chunks;
            nextChunk = -1;
            nextWorker = 0;
            failure = null;
            Done.Reset(extra);
            Start.Release(extra);
            Drain(0);
            Done.Wait();
            if (failure is not null)
            {
                throw new AggregateException("A worker failed while computing the cost and gradient.", failure);
            }
        }
        finally
        {
            job = null;
            Gate.Exit();
        }
    }

    private static void EnsureHelpers()
    {
        if (helpers is not null)
        {
            return;
        }

        helpers = new Thread[HelperCount];
        for (int i = 0; i < helpers.Length; i++)
        {
            helpers[i] = new Thread(HelperLoop) { IsBackground = true, Name = $"SpanNet worker {i + 1}" };
            helpers[i].Start();
        }
    }

    private static void HelperLoop()
    {
        while (true)
        {
            Start.Wait();
            Drain(Interlocked.Increment(ref nextWorker));
            Done.Signal();
        }
    }

    private static void Drain(int worker)
    {
        try
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref nextChunk)) < chunkCount)
            {
                job!.RunChunk(chunk, worker);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            Interlocked.Exchange(ref nextChunk, int.MaxValue - 1);
        }
    }
}
