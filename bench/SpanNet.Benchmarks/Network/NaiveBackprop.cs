using SpanNet.Data;
using SpanNet.Networks;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace SpanNet.Benchmarks.Network;

/// <summary>
/// The textbook per-example algorithm for a 3-layer network written the two obvious ways: plain
/// scalar loops, and the same loops on TensorPrimitives (Dot per row, Sigmoid, MultiplyAdd per
/// row). Baselines only; both allocate nothing after construction.
/// </summary>
internal sealed class NaiveBackprop
{
    private readonly int n, h, k;
    private readonly float[] a2, z3, a3, d3, d2, target;

    public NaiveBackprop(NetworkArchitecture architecture)
    {
        if (architecture.LayerCount != 3)
        {
            throw new ArgumentException("The baselines are written for three layers.", nameof(architecture));
        }

        (n, h, k) = (architecture.LayerSizes[0], architecture.LayerSizes[1], architecture.LayerSizes[2]);
        a2 = new float[h];
        d2 = new float[h];
        z3 = new float[k];
        a3 = new float[k];
        d3 = new float[k];
        target = new float[k];
    }

    public double ScalarCostAndGradient(ReadOnlySpan<float> theta, LabeledData data, float lambda, Span<float> gradient)
    {
        ReadOnlySpan<float> t1 = theta[..(h * (n + 1))], t2 = theta[(h * (n + 1))..];
        Span<float> g1 = gradient[..(h * (n + 1))], g2 = gradient[(h * (n + 1))..];
        gradient.Clear();
        double loss = 0;
        for (int e = 0; e < data.Count; e++)
        {
            ReadOnlySpan<float> x = data.Features(e);
            Target(data.Label(e));
            for (int i = 0; i < h; i++)
            {
                float z = t1[i * (n + 1)];
                for (int j = 0; j < n; j++)
                {
                    z += t1[(i * (n + 1)) + j + 1] * x[j];
                }

                a2[i] = 1f / (1f + MathF.Exp(-z));
            }

            for (int i = 0; i < k; i++)
            {
                float z = t2[i * (h + 1)];
                for (int j = 0; j < h; j++)
                {
                    z += t2[(i * (h + 1)) + j + 1] * a2[j];
                }

                z3[i] = z;
                a3[i] = 1f / (1f + MathF.Exp(-z));
                d3[i] = a3[i] - target[i];
                loss += Softplus(z) - (target[i] * z);
            }

            for (int j = 0; j < h; j++)
            {
                float s = 0;
                for (int i = 0; i < k; i++)
                {
                    s += t2[(i * (h + 1)) + j + 1] * d3[i];
                }

                d2[j] = s * a2[j] * (1 - a2[j]);
            }

            for (int i = 0; i < h; i++)
            {
                g1[i * (n + 1)] += d2[i];
                for (int j = 0; j < n; j++)
                {
                    g1[(i * (n + 1)) + j + 1] += d2[i] * x[j];
                }
            }

            for (int i = 0; i < k; i++)
            {
                g2[i * (h + 1)] += d3[i];
                for (int j = 0; j < h; j++)
                {
                    g2[(i * (h + 1)) + j + 1] += d3[i] * a2[j];
                }
            }
        }

        return Finish(theta, data.Count, lambda, gradient, loss);
    }

    public double TensorPrimitivesCostAndGradient(ReadOnlySpan<float> theta, LabeledData data, float lambda, Span<float> gradient)
    {
        ReadOnlySpan<float> t1 = theta[..(h * (n + 1))], t2 = theta[(h * (n + 1))..];
        Span<float> g1 = gradient[..(h * (n + 1))], g2 = gradient[(h * (n + 1))..];
        gradient.Clear();
        double loss = 0;
        for (int e = 0; e < data.Count; e++)
        {
            ReadOnlySpan<float> x = data.Features(e);
            Target(data.Label(e));
            for (int i = 0; i < h; i++)
            {
                a2[i] = t1[i * (n + 1)] + TP.Dot(t1.Slice((i * (n + 1)) + 1, n), x);
            }

            TP.Sigmoid(a2, a2);
            for (int i = 0; i < k; i++)
            {
                z3[i] = t2[i * (h + 1)] + TP.Dot(t2.Slice((i * (h + 1)) + 1, h), a2);
                loss += Softplus(z3[i]) - (target[i] * z3[i]);
            }

            TP.Sigmoid(z3, a3);
            TP.Subtract(a3, target, d3);
            Array.Clear(d2);
            for (int i = 0; i < k; i++)
            {
                TP.MultiplyAdd(t2.Slice((i * (h + 1)) + 1, h), d3[i], d2, d2);
            }

            for (int j = 0; j < h; j++)
            {
                d2[j] *= a2[j] * (1 - a2[j]);
            }

            for (int i = 0; i < h; i++)
            {
                g1[i * (n + 1)] += d2[i];
                Span<float> row = g1.Slice((i * (n + 1)) + 1, n);
                TP.MultiplyAdd(x, d2[i], row, row);
            }

            for (int i = 0; i < k; i++)
            {
                g2[i * (h + 1)] += d3[i];
                Span<float> row = g2.Slice((i * (h + 1)) + 1, h);
                TP.MultiplyAdd(a2, d3[i], row, row);
            }
        }

        return Finish(theta, data.Count, lambda, gradient, loss);
    }

    private static float Softplus(float z) => MathF.Max(z, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(z)));

    private void Target(int label)
    {
        Array.Clear(target);
        target[label] = 1f;
    }

    private double Finish(ReadOnlySpan<float> theta, int m, float lambda, Span<float> gradient, double loss)
    {
        double squares = Regularize(theta, m, lambda, gradient, 0, h, n + 1) + Regularize(theta, m, lambda, gradient, h * (n + 1), k, h + 1);
        return (loss / m) + (lambda / (2.0 * m) * squares);
    }

    private static double Regularize(ReadOnlySpan<float> theta, int m, float lambda, Span<float> gradient, int offset, int rows, int columns)
    {
        double squares = 0;
        {
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    int at = offset + (i * columns) + j;
                    gradient[at] /= m;
                    if (j > 0)
                    {
                        gradient[at] += lambda / m * theta[at];
                        squares += theta[at] * theta[at];
                    }
                }
            }
        }

        return squares;
    }
}
