using SpanNet.Common;
using SpanNet.Kernels;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;

namespace SpanNet.Tests.Networks;

/// <summary>The padded, aligned inference layout behind Model.Predict, on every tier, against a float64 forward pass.</summary>
public sealed class PackedNetworkTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    private static readonly int[][] Shapes =
    [
        [1, 1], [2, 3], [3, 5, 2], [15, 16, 17], [16, 16, 16], [17, 33, 1], [31, 4, 7], [64, 25, 10],
        [400, 25, 10], [32, 5, 3], [5, 7, 6, 4, 3], [40, 1, 40], [100, 3, 100, 2], [785, 128, 10],
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Outputs_match_a_float64_forward_pass(SimdPath path)
    {
        var random = new Random(7);
        foreach (int[] sizes in Shapes)
        {
            var architecture = new NetworkArchitecture(sizes);
            Network network = Network.CreateRandom(architecture, seed: (ulong)sizes.Sum());
            var packed = new PackedNetwork(architecture, network.Parameters);
            var workspace = new Workspace(architecture);
            for (int example = 0; example < 5; example++)
            {
                float[] x = [.. Enumerable.Range(0, sizes[0]).Select(_ => (float)((random.NextDouble() * 4) - 2))];
                double[] expected = Forward(sizes, network.Parameters, x);

                x.CopyTo(PackedNetwork.InputSlot(workspace.InferenceScratch, architecture));
                float[] output = new float[sizes[^1] + 3];
                output.AsSpan().Fill(float.NaN);
                packed.Run(path, workspace.InferenceScratch, output, backward: false);

                for (int k = 0; k < sizes[^1]; k++)
                {
                    KernelTestData.AssertClose(expected[k], output[k], 2e-6, () => $"{path}, {architecture}, example {example}, output {k}");
                }

                // Rows walked last block first (as every other call does) must give the same bits.
                float[] backward = new float[sizes[^1]];
                packed.Run(path, workspace.InferenceScratch, backward, backward: true);
                for (int k = 0; k < sizes[^1]; k++)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(output[k]), BitConverter.SingleToInt32Bits(backward[k]));
                }

                Assert.All(output[sizes[^1]..], v => Assert.True(float.IsNaN(v), "wrote past the outputs"));
                AssertPaddingIsZero(workspace.InferenceScratch, sizes);

                if (packed.ReadsInputInPlace)
                {
                    // Straight from a caller's array of exactly s_1 values: nothing past it may be read.
                    float[] inPlace = new float[sizes[^1]];
                    packed.Run(path, ref x[0], workspace.InferenceScratch, inPlace, backward: example % 2 == 1);
                    for (int k = 0; k < sizes[^1]; k++)
                    {
                        Assert.Equal(output[k], inPlace[k]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Rows_and_scratch_start_on_a_cache_line()
    {
        var buffer = new AlignedBuffer(100);
        unsafe
        {
            fixed (float* start = buffer.Span)
            {
                Assert.Equal(0, (long)start % 64);
            }
        }

        Assert.Equal(0, AlignedBuffer.PadToLine(0));
        Assert.Equal(16, AlignedBuffer.PadToLine(1));
        Assert.Equal(16, AlignedBuffer.PadToLine(16));
        Assert.Equal(416, AlignedBuffer.PadToLine(401));
    }

    /// <summary>The padding after each layer's inputs must stay zero: the padded weights multiply it.</summary>
    private static void AssertPaddingIsZero(AlignedBuffer scratch, int[] sizes)
    {
        Span<float> all = scratch.Span;
        int offset = 0;
        for (int l = 0; l < sizes.Length - 1; l++)
        {
            int stride = AlignedBuffer.PadToLine(sizes[l]);
            for (int j = sizes[l]; j < stride; j++)
            {
                Assert.Equal(0f, all[offset + j]);
            }

            offset += stride;
        }
    }

    private static double[] Forward(int[] sizes, ReadOnlySpan<float> theta, float[] input)
    {
        double[] a = [.. input.Select(v => (double)v)];
        int t = 0;
        for (int l = 0; l < sizes.Length - 1; l++)
        {
            double[] next = new double[sizes[l + 1]];
            for (int i = 0; i < next.Length; i++)
            {
                double z = theta[t++];
                for (int j = 0; j < a.Length; j++)
                {
                    z += theta[t++] * a[j];
                }

                next[i] = 1 / (1 + Math.Exp(-z));
            }

            a = next;
        }

        return a;
    }
}
