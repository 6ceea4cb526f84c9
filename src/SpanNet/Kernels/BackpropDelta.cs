using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// One backpropagation step through a sigmoid layer, fused: effectively computes
    /// destination[j] = (Σ_i theta[i, j + 1]·deltaNext[i]) · a[j] · (1 − a[j]),
    /// i.e. δ(l) = (Θ(l)ᵀ δ(l+1))[1..] ⊙ a(l) ⊙ (1 − a(l)). The bias column is skipped (there is no δ for the bias unit).
    /// </summary>
    /// <param name="theta">Row-major rows × (activations.Length + 1) matrix Θ(l), column 0 multiplying the bias unit.</param>
    /// <param name="rows">Rows of <paramref name="theta"/>: the units of layer l + 1.</param>
    /// <param name="deltaNext">δ(l+1), one element per row.</param>
    /// <param name="activations">a(l), the sigmoid outputs of layer l, without the bias unit.</param>
    /// <param name="destination">Receives δ(l), activations.Length elements; may be <paramref name="activations"/> itself but must not overlap anything else.</param>
    public static void BackpropDelta(ReadOnlySpan<float> theta, int rows, ReadOnlySpan<float> deltaNext, ReadOnlySpan<float> activations, Span<float> destination) =>
        BackpropDelta(SimdInfo.ActivePath, theta, rows, deltaNext, activations, destination);

    internal static void BackpropDelta(SimdPath path, ReadOnlySpan<float> theta, int rows, ReadOnlySpan<float> deltaNext, ReadOnlySpan<float> activations, Span<float> destination)
    {
        int units = activations.Length;
        Guard.MatrixShape(theta.Length, rows, units + 1, nameof(theta), columnsName: "activations.Length + 1");
        Guard.ExactLength(deltaNext.Length, rows, nameof(deltaNext), "the rows of theta");
        Guard.DestinationLength(destination.Length, units);
        Guard.NoOverlap(theta, destination, nameof(theta));
        Guard.NoOverlap(deltaNext, destination, nameof(deltaNext));
        Guard.InPlaceOrNoOverlap(activations, destination, nameof(activations));
        Guard.Path(path);

        BackpropDeltaUnchecked(
            path,
            ref MemoryMarshal.GetReference(theta),
            rows,
            units,
            ref MemoryMarshal.GetReference(deltaNext),
            ref MemoryMarshal.GetReference(activations),
            ref MemoryMarshal.GetReference(destination));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BackpropDeltaUnchecked(SimdPath path, ref float theta, nint rows, nint units, ref float deltaNext, ref float activations, ref float destination) =>
        GemvTransposedUnchecked<SigmoidGradientEpilogue>(
            path, ref Unsafe.Add(ref theta, 1), rows, units, units + 1, ref deltaNext, ref destination, ref activations, accumulate: false);
}
