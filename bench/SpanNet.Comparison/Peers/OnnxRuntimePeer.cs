using Microsoft.ML.OnnxRuntime;

namespace SpanNet.Comparison.Peers;

/// <summary>Whether ONNX Runtime's native library loads here, and the session settings of the comparison.</summary>
internal static class OnnxRuntimePeer
{
    /// <summary>The message printed when ONNX Runtime cannot run.</summary>
    public const string MissingMessage = "ONNX Runtime's native library is not usable — skipping the ONNX Runtime benchmarks";

    private static readonly Lazy<(string? Version, string? Problem)> Probe = new(Load);

    /// <summary>True when the native library loaded.</summary>
    public static bool IsAvailable => Probe.Value.Version is not null;

    /// <summary>The native library's version (OrtGetApiBase()->GetVersionString()), or null.</summary>
    public static string? Version => Probe.Value.Version;

    /// <summary>Why it is not available, or null.</summary>
    public static string? Problem => Probe.Value.Problem;

    /// <summary>Throws the reason ONNX Runtime is missing (a benchmark that needs it was not filtered out).</summary>
    public static void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"{MissingMessage}: {Problem}");
        }
    }

    /// <summary>
    /// One thread, as SpanNet's Model.Predict: intra-op 1, inter-op 1, sequential execution (so no
    /// thread pool spins next to the benchmark thread), every graph optimization on, CPU provider.
    /// </summary>
    public static SessionOptions SingleThreadOptions() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
    };

    private static (string? Version, string? Problem) Load()
    {
        if (PeerAvailability.IsHidden("onnxruntime"))
        {
            return (null, $"hidden by {PeerAvailability.WithoutVariable}");
        }

        try
        {
            return (OrtEnv.Instance().GetVersionString(), null);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException or OnnxRuntimeException)
        {
            return (null, e.GetBaseException().Message);
        }
    }
}
