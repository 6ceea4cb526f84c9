namespace SpanNet.Kernels;

/// <summary>
/// SIMD kernels for small dense networks: matrix-vector products (plain, transposed, with the
/// textbook bias column), the sigmoid, the fused backprop step, rank-1 accumulation and a few
/// BLAS-1 helpers. Every entry point validates its arguments once (nothing is written on bad
/// input), then runs the path in <see cref="SimdInfo.ActivePath"/> (the L2-bound products, Gemv
/// and Dot and the flat AddOuterProduct, run their 256-bit code on the Vector512 path; LogLossSum
/// is written over <see cref="System.Numerics.Vector{T}"/>). Every length works,
/// including 0; no span is read or written past its end and no alignment is assumed.
/// </summary>
/// <remarks>
/// Results are deterministic for a given path, but can differ in the last bits between paths
/// (different vector widths sum in different orders, and the scalar path does not fuse multiply-adds).
/// Matrices are row-major; a matrix argument must hold exactly rows × columns floats.
/// </remarks>
public static partial class SimdKernels
{
}
