using System.Runtime.CompilerServices;

namespace SpanNet.Kernels;

/// <summary>
/// One layer's Θ (or its gradient Δ) as the panel kernels read it: unit i's weights start at
/// weights + i·stride and its bias at bias + i·biasStride. The textbook layout is the special case
/// weights = Θ + 1, bias = Θ, both strides = inputs + 1; the trainer's aligned copy
/// (<see cref="Backprop.AlignedTheta"/>) puts every weight row on a 64-byte line and the biases apart.
/// </summary>
internal readonly ref struct ThetaRows
{
    private readonly ref float weights;
    private readonly ref float bias;

    public ThetaRows(ref float weights, nint stride, ref float bias, nint biasStride)
    {
        this.weights = ref weights;
        this.bias = ref bias;
        Stride = stride;
        BiasStride = biasStride;
    }

    /// <summary>Floats from one unit's weights to the next unit's.</summary>
    public nint Stride { get; }

    /// <summary>Floats from one unit's bias to the next unit's.</summary>
    public nint BiasStride { get; }

    /// <summary>Unit 0's first weight (column 1 of the textbook Θ).</summary>
    public ref float Weights => ref weights;

    /// <summary>Unit 0's bias (column 0 of the textbook Θ).</summary>
    public ref float Bias => ref bias;

    /// <summary>Unit <paramref name="unit"/>'s first weight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Row(nint unit) => ref Unsafe.Add(ref weights, unit * Stride);

    /// <summary>Unit <paramref name="unit"/>'s bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float BiasOf(nint unit) => ref Unsafe.Add(ref bias, unit * BiasStride);
}
