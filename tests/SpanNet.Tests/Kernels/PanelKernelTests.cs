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
                GuardedBuffer theta = KernelTestData.Random(random, units * (inputs + 1));
                GuardedBuffer a = KernelTestData.Random(random, Math.Max(0, (rows.Max() * lda) + inputs));
                GuardedBuffer z = KernelTestData.Random(random, examples * units);

                SimdKernels.GemmBiasColumnUnchecked(
                    path, ref MemoryMarshal.GetReference(theta.Span), units, inputs, Rows(a, rows, lda), examples, ref MemoryMarshal.GetReference(z.Span));

                for (int b = 0; b < examples; b++)
                {
                    for (int i = 0; i < units; i++)
                    {
                        double sum = theta.Span[i * (inputs + 1)], absolute = Math.Abs(sum);
                        for (int j = 0; j < inputs; j++)
                        {
                            double term = (double)theta.Span[(i * (inputs + 1)) + j + 1] * a.Span[(rows[b] * lda) + j];
                            sum += term;
                            absolute += Math.Abs(term);
                        }

                        KernelTestData.AssertClose(sum, z.Span[(b * units) + i], KernelTestData.SumTolerance(inputs + 1, absolute), () => $"{path} {units}x{inputs} example {b} unit {i}");
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
                GuardedBuffer m = KernelTestData.Random(random, units * (inputs + 1));
                float[] m0 = accumulate ? m.Copy() : new float[m.Span.Length];

                SimdKernels.AddOuterProductsBiasColumnUnchecked(
                    path, ref MemoryMarshal.GetReference(delta.Span), units, Rows(a, rows, lda), inputs, examples, ref MemoryMarshal.GetReference(m.Span), accumulate);

                for (int i = 0; i < units; i++)
                {
                    for (int c = 0; c <= inputs; c++)
                    {
                        double sum = m0[(i * (inputs + 1)) + c], absolute = Math.Abs(sum);
                        for (int b = 0; b < examples; b++)
                        {
                            double term = (double)delta.Span[(b * units) + i] * (c == 0 ? 1 : a.Span[(rows[b] * lda) + c - 1]);
                            sum += term;
                            absolute += Math.Abs(term);
                        }

                        KernelTestData.AssertClose(sum, m.Span[(i * (inputs + 1)) + c], KernelTestData.SumTolerance(examples + 1, absolute), () => $"{path} {units}x{inputs} e={examples} [{i},{c}]");
                    }
                }

                delta.AssertGuardsIntact();
                a.AssertGuardsIntact();
                m.AssertGuardsIntact();
            }
        }
    }
}
