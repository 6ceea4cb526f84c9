namespace SpanNet.Comparison.Peers;

/// <summary>
/// Which external peers this process can run, decided the same way in the host process (which
/// filters the benchmark list) and in every benchmark process (whose setup touches a peer only
/// when it is there).
/// </summary>
internal static class PeerAvailability
{
    /// <summary>
    /// Comma-separated peers to treat as absent even when installed (<c>openblas</c>,
    /// <c>onnxruntime</c>): exercises the skip path without uninstalling anything.
    /// </summary>
    public const string WithoutVariable = "SPANNET_COMPARISON_WITHOUT";

    /// <summary>The benchmark category of everything that calls OpenBLAS.</summary>
    public const string OpenBlasCategory = "OpenBLAS";

    /// <summary>The benchmark category of everything that calls ONNX Runtime.</summary>
    public const string OnnxRuntimeCategory = "OnnxRuntime";

    /// <summary>True when <see cref="WithoutVariable"/> names <paramref name="peer"/>.</summary>
    public static bool IsHidden(string peer) =>
        (Environment.GetEnvironmentVariable(WithoutVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(peer, StringComparer.OrdinalIgnoreCase);
}
