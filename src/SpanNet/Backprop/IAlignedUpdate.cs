using SpanNet.Kernels;

namespace SpanNet.Backprop;

/// <summary>
/// An elementwise optimizer step that backprop applies in its last pass, where it forms the
/// gradient from the summed Δ, to its own aligned copy of Θ
/// (<see cref="Backpropagation.CostAndUpdate"/>): the gradient is never stored, and Θ stays in the
/// aligned layout from step to step instead of being copied in before every call. For minibatch
/// training these passes over every parameter cost as much as a third of the examples' work.
/// </summary>
internal interface IAlignedUpdate
{
    /// <summary>
    /// Steps θ[<paramref name="start"/> … + <paramref name="length"/>) of the aligned parameters
    /// with the gradient (Δ + λθ)·s (<paramref name="regularized"/>: a layer's weights) or Δ·s (its
    /// biases). The region is a whole number of 64-byte lines; its padding holds zeros in Δ and θ,
    /// and an elementwise step keeps it zero.
    /// </summary>
    /// <param name="path">The tier.</param>
    /// <param name="delta">The summed Δ at <paramref name="start"/>.</param>
    /// <param name="theta">θ at <paramref name="start"/>, updated in place.</param>
    /// <param name="start">The region's offset in the aligned layout (where the step's own state for it lies).</param>
    /// <param name="length">The region's length.</param>
    /// <param name="regularized">Weights (true) or biases (false).</param>
    /// <param name="lambda">λ (for weights).</param>
    /// <param name="scale">s = 1/m.</param>
    /// <returns>Σθ² of the region before the step for weights; 0 for biases.</returns>
    double Update(SimdPath path, ref float delta, ref float theta, int start, int length, bool regularized, float lambda, float scale);
}
