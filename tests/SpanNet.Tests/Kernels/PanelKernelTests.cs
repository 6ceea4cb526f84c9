using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>The multi-example (panel) kernels the trainer uses, against float64 references on every tier.</summary>
public class PanelKernelTests
{
    private static readonly int[] Units = [1, 3, 4, 5, 9, 25];
    private static readonly int[] Examples = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16];

    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    private static IEnumerable<int> Inputs => Enumerable.Range(0, 70).Concat([127, 128, 129, 400, 401]);

    [Theory]
    [MemberData(nameof(Paths))]
    public void GemmBiasColumnMatchesFloat64Reference(SimdPath path)
    {
        var random = new Random(61);
        foreach (int units in Units)
        {
            foreach (int inputs in Inputs)
            {
                int examples = Examples[random.Next(Examples.Length)];
                int lda = inputs + random.Next(3);
                int[] rows = RowNumbers(random, examples);
                var layout = ThetaLayout.Pick(random, units, inputs);
                GuardedBuffer theta = KernelTestData.Random(random, layout.Length);
                GuardedBuffer a = KernelTestData.Random(random, Math.Max(0, (rows.Max() * lda) + inputs));
                GuardedBuffer z = KernelTestData.Random(random, examples * units);

                SimdKernels.GemmBiasColumnUnchecked(
                    path, layout.Rows(theta), units, inputs, Rows(a, rows, lda), examples, ref MemoryMarshal.GetReference(z.Span));

                for (int b = 0; b < examples; b++)
                {
                    for (int i = 0; i < units; i++)
                    {
                        double sum = theta.Span[layout.Bias(i)], absolute = Math.Abs(sum);
                        for (int j = 0; j < inputs; j++)
                        {
                            double term = (double)theta.Span[layout.Weight(i, j)] * a.Span[(rows[b] * lda) + j];
                            sum += term;
                            absolute += Math.Abs(term);
                        }

                        KernelTestData.AssertClose(sum, z.Span[(b * units) + i], KernelTestData.SumTolerance(inputs + 1, absolute), () => $"{path} {units}x{inputs} {layout} example {b} unit {i}");
                    }
                }

                theta.AssertGuardsIntact();
                a.AssertGuardsIntact();
                z.AssertGuardsIntact();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AddOuterProductsMatchesFloat64Reference(SimdPath path) => AddOuterProductsCase(path, accumulate: true, seed: 62);

    /// <summary>Overwriting gives what a cleared Δ would get: only the panel's sum, whatever Δ held.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void AddOuterProductsOverwritesWhenNotAccumulating(SimdPath path) => AddOuterProductsCase(path, accumulate: false, seed: 63);

    /// <summary>The panel backward step δ = (Θᵀδ′)[1..] ⊙ a ⊙ (1 − a) against float64, for layer widths around every vector multiple.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void BackpropDeltaPanelMatchesFloat64Reference(SimdPath path)
    {
        var random = new Random(64);
        foreach (int units in Enumerable.Range(1, 40).Concat([63, 64, 65, 100]))
        {
            int rows = 1 + random.Next(12);
            int examples = Examples[random.Next(Examples.Length)];
            var layout = ThetaLayout.Pick(random, rows, units);
            GuardedBuffer theta = KernelTestData.Random(random, layout.Length);
            GuardedBuffer deltaNext = KernelTestData.Random(random, examples * rows);
            GuardedBuffer a = KernelTestData.Random(random, examples * units);
            GuardedBuffer delta = KernelTestData.Random(random, examples * units);

            ThetaRows weights = layout.Rows(theta);
            SimdKernels.BackpropDeltaPanelUnchecked(
                path, ref weights.Weights, weights.Stride, rows, units, ref MemoryMarshal.GetReference(deltaNext.Span), ref MemoryMarshal.GetReference(a.Span), examples, ref MemoryMarshal.GetReference(delta.Span));

            for (int b = 0; b < examples; b++)
            {
                for (int u = 0; u < units; u++)
                {
                    double sum = 0, absolute = 0;
                    for (int k = 0; k < rows; k++)
                    {
                        double term = (double)theta.Span[layout.Weight(k, u)] * deltaNext.Span[(b * rows) + k];
                        sum += term;
                        absolute += Math.Abs(term);
                    }

                    double g = (double)a.Span[(b * units) + u] * (1 - (double)a.Span[(b * units) + u]);
                    KernelTestData.AssertClose(sum * g, delta.Span[(b * units) + u], (KernelTestData.SumTolerance(rows, absolute) * Math.Abs(g)) + (4e-7 * Math.Abs(sum * g)), () => $"{path} {rows}x{units} {layout} example {b} unit {u}");
                }
            }

            theta.AssertGuardsIntact();
            deltaNext.AssertGuardsIntact();
            a.AssertGuardsIntact();
            delta.AssertGuardsIntact();
        }
    }

    /// <summary>Row numbers 0 … n − 1 for consecutive rows half the time, otherwise scattered (out of order, repeats allowed), as a minibatch's indices are.</summary>
    private static int[] RowNumbers(Random random, int examples) =>
        random.Next(2) == 0 ? [.. Enumerable.Range(0, examples)] : [.. Enumerable.Range(0, examples).Select(_ => random.Next(2 * examples))];

    private static PanelRows Rows(GuardedBuffer a, int[] rows, int stride) =>
        new(ref MemoryMarshal.GetReference(a.Span), ref MemoryMarshal.GetArrayDataReference(rows), stride);

    private static void AddOuterProductsCase(SimdPath path, bool accumulate, int seed)
    {
        var random = new Random(seed);
        foreach (int units in Units)
        {
            foreach (int inputs in Inputs)
            {
                int examples = Examples[random.Next(Examples.Length)];
                int lda = inputs + random.Next(3);
                int[] rows = RowNumbers(random, examples);
                GuardedBuffer delta = KernelTestData.Random(random, examples * units);
                GuardedBuffer a = KernelTestData.Random(random, Math.Max(0, (rows.Max() * lda) + inputs));
                var layout = ThetaLayout.Pick(random, units, inputs);
                GuardedBuffer m = KernelTestData.Random(random, layout.Length);
                float[] before = m.Copy();
                float[] m0 = accumulate ? m.Copy() : new float[m.Span.Length];

                SimdKernels.AddOuterProductsBiasColumnUnchecked(
                    path, ref MemoryMarshal.GetReference(delta.Span), units, Rows(a, rows, lda), inputs, examples, layout.Rows(m), accumulate);

                for (int i = 0; i < units; i++)
                {
                    for (int c = 0; c <= inputs; c++)
                    {
                        int at = c == 0 ? layout.Bias(i) : layout.Weight(i, c - 1);
                        double sum = m0[at], absolute = Math.Abs(sum);
                        for (int b = 0; b < examples; b++)
                        {
                            double term = (double)delta.Span[(b * units) + i] * (c == 0 ? 1 : a.Span[(rows[b] * lda) + c - 1]);
                            sum += term;
                            absolute += Math.Abs(term);
                        }

                        KernelTestData.AssertClose(sum, m.Span[at], KernelTestData.SumTolerance(examples + 1, absolute), () => $"{path} {units}x{inputs} {layout} e={examples} [{i},{c}]");
                    }
                }

                foreach (int gap in layout.Padding())
                {
                    Assert.Equal(before[gap], m.Span[gap]);
                }

                delta.AssertGuardsIntact();
                a.AssertGuardsIntact();
                m.AssertGuardsIntact();
            }
        }
    }

    /// <summary>
    /// Where Θ's elements sit: the textbook units × (inputs + 1) layout, or weight rows a padded
    /// stride apart with the biases stored after them at their own stride (the trainer's aligned
    /// copy is the case pad to 16, bias stride 1).
    /// </summary>
    private sealed record ThetaLayout(int Units, int Inputs, bool Textbook, int Stride, int BiasStride)
    {
        public static ThetaLayout Pick(Random random, int units, int inputs) => random.Next(2) == 0
            ? new(units, inputs, true, inputs + 1, inputs + 1)
            : new(units, inputs, false, inputs + random.Next(18), 1 + random.Next(3));

        private int BiasStart => Textbook ? 0 : Units * Stride;

        public int Length => Textbook ? Units * (Inputs + 1) : BiasStart + ((Units - 1) * BiasStride) + 1;

        public int Bias(int unit) => BiasStart + (unit * BiasStride);

        public int Weight(int unit, int input) => (Textbook ? 1 : 0) + (unit * Stride) + input;

        public ThetaRows Rows(GuardedBuffer buffer)
        {
            ref float start = ref MemoryMarshal.GetReference(buffer.Span);
            return new(ref Unsafe.Add(ref start, Weight(0, 0)), Stride, ref Unsafe.Add(ref start, Bias(0)), BiasStride);
        }

        /// <summary>Every index that is neither a weight nor a bias.</summary>
        public IEnumerable<int> Padding()
        {
            var used = new HashSet<int>();
            for (int i = 0; i < Units; i++)
            {
                used.Add(Bias(i));
                for (int j = 0; j < Inputs; j++)
                {
                    used.Add(Weight(i, j));
                }
            }

            return Enumerable.Range(0, Length).Where(k => !used.Contains(k));
        }
    }
}
