using SpanNet.Backprop;

namespace SpanNet.Training.Optimizers;

/// <summary>
/// A minibatch optimizer whose step is elementwise, so the trainer can have backprop apply it in the
/// pass that forms the gradient, to backprop's aligned copy of Θ (<see cref="IAlignedUpdate"/>).
/// Its state for this path lives in the aligned layout too, apart from the state
/// <see cref="Optimizer.Step"/> uses; <see cref="Optimizer.Reset"/> clears both, and the trainer uses
/// one path or the other for a whole <see cref="Trainer.Train"/> call. The steps are the same
/// operations in the same order as <see cref="Optimizer.Step"/> with a <see cref="BackpropObjective"/>,
/// so they give the same parameters bit for bit when every layer is at least one vector wide
/// (narrower rows get their gradient with one rounding here and two in the unfused pass).
/// </summary>
internal interface IFusedStep : IAlignedUpdate
{
    /// <summary>Allocates (once) the state for an aligned layout of <paramref name="length"/> floats.</summary>
    void PrepareAligned(int length);

    /// <summary>One step on the objective's minibatch, at the point its backprop holds.</summary>
    /// <returns>The minibatch's cost before the step.</returns>
    double StepAligned(BackpropObjective objective);
}
