using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Backprop;
using SpanNet.Kernels;

namespace SpanNet.Networks;

/// <summary>Forward propagation on the kernels: z(l+1) = Θ(l)·[1; a(l)], a(l+1) = σ(z(l+1)).</summary>
internal static class ForwardPass
{
    /// <summary>One example's input: s_1 finite values, and scratch built for this architecture.</summary>
    public static void Check(NetworkArchitecture architecture, ReadOnlySpan<float> input, Workspace workspace, string inputName = "input")
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.CheckFor(architecture);
        if (input.Length != architecture.InputCount)
        {
            throw new ArgumentException($"'{inputName}' has {input.Length} features but the network takes {architecture.InputCount}.", inputName);
        }

        // A NaN or ±∞ feature would come out as NaN outputs, or as outputs of 0 and 1, and class 0.
        if (SimdKernels.IndexOfNonFinite(input) is int bad and >= 0)
        {
            throw new ArgumentException($"Feature {bad} of '{inputName}' is {input[bad]}; features must be finite.", inputName);
        }
    }

    /// <summary>As above, and room for s_L outputs.</summary>
    public static void Check(NetworkArchitecture architecture, ReadOnlySpan<float> input, Span<float> output, Workspace workspace, string inputName = "input", string outputName = "output")
    {
        Check(architecture, input, workspace, inputName);
        if (output.Length < architecture.OutputCount)
        {
            throw new ArgumentException($"'{outputName}' has {output.Length} elements but the network has {architecture.OutputCount} outputs.", outputName);
        }
    }

    /// <summary>Fills the workspace's activations (and the output logits) for one example.</summary>
    public static void Run(NetworkArchitecture architecture, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Workspace workspace)
    {
        SimdPath path = SimdInfo.ActivePath;
        ref float theta = ref MemoryMarshal.GetReference(parameters);
        ref float a = ref MemoryMarshal.GetReference(input);
        int last = architecture.LayerCount - 1;
        for (int l = 0; l < last; l++)
        {
            int inputs = architecture.LayerSizes[l];
            int units = architecture.LayerSizes[l + 1];
            Span<float> next = workspace.Activations(l + 1);
            ref float z = ref MemoryMarshal.GetReference(l + 1 == last ? workspace.Logits : next);
            SimdKernels.GemvUnchecked(path, ref Unsafe.Add(ref theta, 1), units, inputs, inputs + 1, ref a, ref z, SimdKernels.GemvStart.BiasColumn);
            SimdKernels.SigmoidUnchecked(path, ref z, ref MemoryMarshal.GetReference(next), units);
            theta = ref Unsafe.Add(ref theta, units * (inputs + 1));
            a = ref MemoryMarshal.GetReference(next);
        }
    }

    /// <summary>
    /// The same for a panel of examples (the rows of <paramref name="input"/>): fills the
    /// workspace's panel activations and panel logits, one example per row.
    /// </summary>
    public static void RunPanel(NetworkArchitecture architecture, AlignedTheta theta, PanelRows input, int examples, Workspace workspace)
    {
        SimdPath path = SimdInfo.ActivePath;
        PanelRows a = input;
        int last = architecture.LayerCount - 1;
        for (int l = 0; l < last; l++)
        {
            int inputs = architecture.LayerSizes[l];
            int units = architecture.LayerSizes[l + 1];
            ref float next = ref MemoryMarshal.GetReference(workspace.PanelActivations(l + 1));
            ref float z = ref l + 1 == last ? ref MemoryMarshal.GetArrayDataReference(workspace.PanelLogits) : ref next;
            SimdKernels.GemmBiasColumnUnchecked(path, theta.Layer(l), units, inputs, a, examples, ref z);
            SimdKernels.SigmoidUnchecked(path, ref z, ref next, examples * units);
            a = new PanelRows(ref next, ref MemoryMarshal.GetArrayDataReference(Workspace.ConsecutiveRows), units);
        }
    }
}
