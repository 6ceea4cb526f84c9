namespace SpanNet.Kernels;

/// <summary>The instruction-set tiers the kernels are written for, narrowest first.</summary>
public enum SimdPath
{
    /// <summary>Plain scalar float code (hardware intrinsics disabled or unavailable).</summary>
    Scalar = 0,

    /// <summary>128-bit vectors: AdvSimd (with FMA) on Arm64, SSE on x64.</summary>
    Vector128 = 128,

    /// <summary>256-bit vectors with FMA (AVX2 on x64).</summary>
    Vector256 = 256,

    /// <summary>512-bit vectors (AVX-512 on x64).</summary>
    Vector512 = 512,
}
