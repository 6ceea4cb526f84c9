using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SpanNet.Kernels;

/// <summary>Which SIMD path the kernels take in this process, and which ones it could take.</summary>
public static class SimdInfo
{
    /// <summary>
    /// The path every public kernel uses: the widest vector width the runtime accelerates
    /// (it honours <c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c>,
    /// <c>DOTNET_EnableHWIntrinsic=0</c> and, under Native AOT, the compiled instruction set).
    /// The JIT folds this to a constant, so dispatching on it costs nothing.
    /// </summary>
    public static SimdPath ActivePath
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated ? SimdPath.Vector512
            : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
            : Vector128.IsHardwareAccelerated ? SimdPath.Vector128
            : SimdPath.Scalar;
    }

    /// <summary>Every path this process can run, narrowest first (tests and benchmarks run each one).</summary>
    public static IReadOnlyList<SimdPath> SupportedPaths { get; } = BuildSupportedPaths();

    /// <summary>A human-readable name of <see cref="ActivePath"/> with the instructions behind it, e.g. "Vector512 (AVX-512F, FMA)".</summary>
    public static string ActivePathDescription => Describe(ActivePath);

    /// <summary>Describes a path with the instruction sets it uses on this machine.</summary>
    /// <param name="path">The path to describe.</param>
    /// <returns>For example "Vector256 (AVX2, FMA)" or "Vector128 (AdvSimd, FMA)".</returns>
    public static string Describe(SimdPath path) => path switch
    {
        SimdPath.Vector512 => "Vector512 (AVX-512F, FMA)",
        SimdPath.Vector256 => Fma.IsSupported ? "Vector256 (AVX2, FMA)" : "Vector256 (AVX2, no FMA)",
        SimdPath.Vector128 when AdvSimd.IsSupported => "Vector128 (AdvSimd, FMA)",
        SimdPath.Vector128 => Fma.IsSupported ? "Vector128 (SSE, FMA)" : "Vector128 (SSE, no FMA)",
        SimdPath.Scalar => "Scalar (no hardware intrinsics)",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown SIMD path."),
    };

    /// <summary>Whether this process can run <paramref name="path"/>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when the runtime accelerates vectors of that width.</returns>
    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Scalar => true,
        SimdPath.Vector128 => Vector128.IsHardwareAccelerated,
        SimdPath.Vector256 => Vector256.IsHardwareAccelerated,
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    private static SimdPath[] BuildSupportedPaths() =>
        [.. new[] { SimdPath.Scalar, SimdPath.Vector128, SimdPath.Vector256, SimdPath.Vector512 }.Where(IsSupported)];
}
