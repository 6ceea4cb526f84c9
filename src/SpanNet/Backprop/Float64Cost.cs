using SpanNet.Data;
using SpanNet.Kernels;
using SpanNet.Networks;

namespace SpanNet.Backprop;

/// <summary>
/// J(Θ) in float64 with plain loops: slow, but accurate enough for central differences with a
/// small step. Only the gradient checker uses it.
/// </summary>
internal sealed class Float64Cost(NetworkArchitecture architecture)
{
    private readonly double[][] activations = [.. Enumerable.Range(0, architecture.LayerCount).Select(l => new double[architecture.LayerSizes[l]])];
    private readonly double[] logits = new double[architecture.OutputCount];
    private readonly float[] target = new float[architecture.OutputCount];

    public double Evaluate(ReadOnlySpan<double> theta, LabeledData data, double lambda)
    {
        int last = architecture.LayerCount - 1;
        double loss = 0;
        for (int n = 0; n < data.Count; n++)
        {
            ReadOnlySpan<float> x = data.FeaturesUnchecked(n);
            for (int j = 0; j < x.Length; j++)
            {
                activations[0][j] = x[j];
            }

            for (int l = 0; l < last; l++)
            {
                int columns = architecture.ThetaColumns(l);
                ReadOnlySpan<double> layer = theta.Slice(architecture.ThetaOffset(l), architecture.ThetaLength(l));
                double[] input = activations[l];
                for (int i = 0; i < architecture.LayerSizes[l + 1]; i++)
                {
                    double z = layer[i * columns];
                    for (int j = 1; j < columns; j++)
                    {
                        z += layer[(i * columns) + j] * input[j - 1];
                    }

                    if (l + 1 == last)
                    {
                        logits[i] = z;
                    }

                    activations[l + 1][i] = 1 / (1 + Math.Exp(-z));
                }
            }

            Span<float> y = target;
            y.Clear();
            data.WriteTarget(n, y);
            for (int k = 0; k < logits.Length; k++)
            {
                loss += (y[k] * SimdKernels.Softplus(-logits[k])) + ((1 - y[k]) * SimdKernels.Softplus(logits[k]));
            }
        }

        double squares = 0;
        for (int l = 0; l < last; l++)
        {
            int columns = architecture.ThetaColumns(l);
            ReadOnlySpan<double> layer = theta.Slice(architecture.ThetaOffset(l), architecture.ThetaLength(l));
            for (int i = 0; i < layer.Length; i++)
            {
                if (i % columns != 0)
                {
                    squares += layer[i] * layer[i];
                }
            }
        }

        return (loss / data.Count) + (lambda / (2.0 * data.Count) * squares);
    }
}
