namespace SpanNet.Kernels.Tiers;

/// <summary>Constants shared by the tiers.</summary>
internal static class VectorConstants
{
    /// <summary>1.5·2²³: adding it to |v| &lt; 2²² rounds v to the nearest integer k and leaves k in the low mantissa bits.</summary>
    public const float RoundingMagic = 12582912f;

    /// <summary>The bit pattern of <see cref="RoundingMagic"/> (0x4B400000) minus the float exponent bias 127.</summary>
    public const int MagicBitsMinusBias = 0x4B400000 - 127;
}
