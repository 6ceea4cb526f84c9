using System.Runtime.InteropServices;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>The multi-example (panel) kernels the trainer uses, against float64 references on every tier.</summary>
public class PanelKernelTests
{
    private static readonly int[] Units = [1, 3, 4, 5, 9, 25];
    private static readonly int[] Examples = [1, 2, 3, 4, 5, 7, 8, 9];

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
                GuardedBuffer theta = KernelTestData.Random(random, units * (inputs + 1));
                GuardedBuffer a = KernelTestData.Random(random, Math.Max(0, ((examples - 1) * lda) + inputs));
                GuardedBuffer z = KernelTestData.Random(random, examples * units);

                SimdKernels.GemmBiasColumnUnchecked(
                    path, ref MemoryMarshal.GetReference(theta.Span), units, inputs, ref MemoryMarshal.GetReference(a.Span), lda, examples, ref MemoryMarshal.GetReference(z.Span));

                for (int b = 0; b < examples; b++)
                {
                    for (int i = 0; i < units; i++)
                    {
                        double sum = theta.Span[i * (inputs + 1)], absolute = Math.Abs(sum);
                        for (int j = 0; j < inputs; j++)
                        {
                            double term = (double)theta.Span[(i * (inputs + 1)) + j + 1] * a.Span[(b * lda) + j];
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
    public void AddOuterProductsMatchesFloat64Reference(SimdPath path)
    {
        var random = new Random(62);
        foreach (int units in Units)
        {
            foreach (int inputs in Inputs)
            {
                int examples = Examples[random.Next(Examples.Length)];
                int lda = inputs + random.Next(3);
                GuardedBuffer delta = KernelTestData.Random(random, examples * units);
                GuardedBuffer a = KernelTestData.Random(random, Math.Max(0, ((examples - 1) * lda) + inputs));
                GuardedBuffer m = KernelTestData.Random(random, units * (inputs + 1));
                float[] m0 = m.Copy();

                SimdKernels.AddOuterProductsBiasColumnUnchecked(
                    path, ref MemoryMarshal.GetReference(delta.Span), units, ref MemoryMarshal.GetReference(a.Span), inputs, lda, examples, ref MemoryMarshal.GetReference(m.Span));

                for (int i = 0; i < units; i++)
                {
                    for (int c = 0; c <= inputs; c++)
                    {
                        double sum = m0[(i * (inputs + 1)) + c], absolute = Math.Abs(sum);
                        for (int b = 0; b < examples; b++)
                        {
                            double term = (double)delta.Span[(b * units) + i] * (c == 0 ? 1 : a.Span[(b * lda) + c - 1]);
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
