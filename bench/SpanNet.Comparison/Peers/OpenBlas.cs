using System.Runtime.InteropServices;

namespace SpanNet.Comparison.Peers;

/// <summary>
/// OpenBLAS's CBLAS sgemv and sger, bound at run time with <see cref="NativeLibrary"/> (so a
/// machine without OpenBLAS still runs everything else) and pinned to one thread. The calls go
/// through unmanaged function pointers without a GC transition, the cheapest way .NET can call
/// native code: the timings are OpenBLAS's, not the interop's.
/// </summary>
internal static unsafe class OpenBlas
{
    /// <summary>The message printed when the library is missing.</summary>
    public const string MissingMessage = "OpenBLAS not found (apt-get install libopenblas0) — skipping the OpenBLAS benchmarks";

    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    /// <summary>Sonames and Debian/Ubuntu/Fedora paths tried in order; OPENBLAS_LIBRARY, when set, goes first.</summary>
    private static readonly string[] Candidates =
    [
        "libopenblas.so.0",
        "libopenblas.so",
        "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib64/libopenblas.so.0",
        "/usr/local/lib/libopenblas.so.0",
        "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
        "libopenblas.dylib",
        "libopenblas.dll",
        "openblas",
    ];

    private static readonly delegate* unmanaged[SuppressGCTransition]<int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemv;
    private static readonly delegate* unmanaged[SuppressGCTransition]<int, int, int, float, float*, int, float*, int, float*, int, void> Sger;

#pragma warning disable CA1810 // One loader decides every field at once; an initializer per field would repeat it.
    static OpenBlas()
#pragma warning restore CA1810
    {
        if (PeerAvailability.IsHidden("openblas"))
        {
            Problem = $"hidden by {PeerAvailability.WithoutVariable}";
            return;
        }

        string? configured = Environment.GetEnvironmentVariable("OPENBLAS_LIBRARY");
        foreach (string candidate in configured is { Length: > 0 } ? [configured, .. Candidates] : Candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out nint handle))
            {
                continue;
            }

            // Another BLAS can export cblas_sgemv too (the reference libblas, MKL): only a library
            // that is OpenBLAS, by its own thread control, counts.
            if (!NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setThreads)
                || !NativeLibrary.TryGetExport(handle, "cblas_sgemv", out nint sgemv)
                || !NativeLibrary.TryGetExport(handle, "cblas_sger", out nint sger))
            {
                NativeLibrary.Free(handle);
                continue;
            }

            // SpanNet's kernels are single-threaded: so is the peer.
            ((delegate* unmanaged<int, void>)setThreads)(1);
            Sgemv = (delegate* unmanaged[SuppressGCTransition]<int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemv;
            Sger = (delegate* unmanaged[SuppressGCTransition]<int, int, int, float, float*, int, float*, int, float*, int, void>)sger;
            LoadedFrom = candidate;
            Config = NativeLibrary.TryGetExport(handle, "openblas_get_config", out nint getConfig)
                ? Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)getConfig)()) ?? ""
                : "";
            return;
        }

        Problem = $"tried {Candidates[0]}, {Candidates[1]} and the usual lib directories; OPENBLAS_LIBRARY=/path/to/libopenblas.so.0 names one";
    }

    /// <summary>True when OpenBLAS is loaded and set to one thread.</summary>
    public static bool IsAvailable => LoadedFrom is not null;

    /// <summary>The name or path that loaded, or null.</summary>
    public static string? LoadedFrom { get; }

    /// <summary>openblas_get_config(): version, build options and the core it chose, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64".</summary>
    public static string Config { get; } = "";

    /// <summary>Why it is not available, or null.</summary>
    public static string? Problem { get; }

    /// <summary>Throws the reason OpenBLAS is missing (a benchmark that needs it was not filtered out).</summary>
    public static void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"{MissingMessage}: {Problem}");
        }
    }

    /// <summary>y = W·x for a row-major rows × columns W (cblas_sgemv, no transpose, β = 0).</summary>
    public static void Gemv(float* matrix, int rows, int columns, float* x, float* y)
    {
        EnsureLoaded(Sgemv != null);
        Sgemv(RowMajor, NoTrans, rows, columns, 1f, matrix, columns, x, 1, 0f, y, 1);
    }

    /// <summary>y = Wᵀ·x for a row-major rows × columns W (cblas_sgemv, transposed, β = 0).</summary>
    public static void GemvTransposed(float* matrix, int rows, int columns, float* x, float* y)
    {
        EnsureLoaded(Sgemv != null);
        Sgemv(RowMajor, Trans, rows, columns, 1f, matrix, columns, x, 1, 0f, y, 1);
    }

    /// <summary>A += α·x·yᵀ for a row-major x.Length × y.Length A (cblas_sger).</summary>
    public static void AddOuterProduct(float alpha, float* x, int rows, float* y, int columns, float* matrix)
    {
        EnsureLoaded(Sger != null);
        Sger(RowMajor, rows, columns, alpha, x, 1, y, 1, matrix, columns);
    }

    // The function pointers are static readonly, so after tiering this check folds away.
    private static void EnsureLoaded(bool loaded)
    {
        if (!loaded)
        {
            EnsureAvailable();
        }
    }
}
