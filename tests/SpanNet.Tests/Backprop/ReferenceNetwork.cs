namespace SpanNet.Tests.Backprop;

/// <summary>Deliberate mistakes the gradient checks must catch.</summary>
internal enum GradientBug
{
    None,

    /// <summary>Adds (λ/m)·Θ to the bias column too.</summary>
    RegularizedBias,

    /// <summary>Adds λ·Θ instead of (λ/m)·Θ (the misprint in some write-ups).</summary>
    LambdaNotOverM,

    /// <summary>Drops the a ⊙ (1 − a) factor from the hidden δ's.</summary>
    DroppedSigmoidDerivative,
}

/// <summary>
/// An independent float64 implementation of the course's cost and backprop, written directly from
/// the formulas in the README's Gradients section with plain arrays and loops (no library code),
/// used as the ground truth.
/// </summary>
internal sealed class ReferenceNetwork(int[] sizes)
{
    public int[] Sizes { get; } = sizes;

    public int ParameterCount => Enumerable.Range(0, Sizes.Length - 1).Sum(l => Sizes[l + 1] * (Sizes[l] + 1));

    public double Cost(double[] theta, double[][] x, double[][] y, double lambda)
    {
        int m = x.Length;
        double sum = 0;
        for (int i = 0; i < m; i++)
        {
            double[] z = Forward(theta, x[i]).Z[^1];
            for (int k = 0; k < z.Length; k++)
            {
                // −[y log σ(z) + (1 − y) log(1 − σ(z))] with log σ(z) = −softplus(−z).
                sum += (y[i][k] * Softplus(-z[k])) + ((1 - y[i][k]) * Softplus(z[k]));
            }
        }

        double squares = 0;
        ForEachWeight(theta, (index, column) => squares += column == 0 ? 0 : theta[index] * theta[index]);
        return (sum / m) + (lambda / (2 * m) * squares);
    }

    public double[] Gradient(double[] theta, double[][] x, double[][] y, double lambda, GradientBug bug = GradientBug.None)
    {
        int m = x.Length;
        int layers = Sizes.Length;
        double[] accumulated = new double[theta.Length];
        for (int i = 0; i < m; i++)
        {
            (double[][] a, _) = Forward(theta, x[i]);
            double[][] delta = new double[layers][];
            delta[layers - 1] = [.. a[layers - 1].Select((h, k) => h - y[i][k])];
            for (int l = layers - 2; l >= 1; l--)
            {
                delta[l] = new double[Sizes[l]];
                int offset = Offset(l), columns = Sizes[l] + 1;
                for (int j = 0; j < Sizes[l]; j++)
                {
                    double s = 0;
                    for (int r = 0; r < Sizes[l + 1]; r++)
                    {
                        s += theta[offset + (r * columns) + j + 1] * delta[l + 1][r];
                    }

                    delta[l][j] = bug == GradientBug.DroppedSigmoidDerivative ? s : s * a[l][j] * (1 - a[l][j]);
                }
            }

            for (int l = 0; l < layers - 1; l++)
            {
                int offset = Offset(l), columns = Sizes[l] + 1;
                for (int r = 0; r < Sizes[l + 1]; r++)
                {
                    for (int c = 0; c < columns; c++)
                    {
                        accumulated[offset + (r * columns) + c] += delta[l + 1][r] * (c == 0 ? 1 : a[l][c - 1]);
                    }
                }
            }
        }

        double[] gradient = new double[theta.Length];
        ForEachWeight(theta, (index, column) =>
        {
            double regularization = bug switch
            {
                GradientBug.RegularizedBias => lambda / m * theta[index],
                GradientBug.LambdaNotOverM => column == 0 ? 0 : lambda * theta[index],
                _ => column == 0 ? 0 : lambda / m * theta[index],
            };
            gradient[index] = (accumulated[index] / m) + regularization;
        });
        return gradient;
    }

    public double[] NumericalGradient(double[] theta, double[][] x, double[][] y, double lambda, double epsilon = 1e-5)
    {
        double[] gradient = new double[theta.Length];
        double[] t = (double[])theta.Clone();
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = theta[i] + epsilon;
            double plus = Cost(t, x, y, lambda);
            t[i] = theta[i] - epsilon;
            double minus = Cost(t, x, y, lambda);
            t[i] = theta[i];
            gradient[i] = (plus - minus) / (2 * epsilon);
        }

        return gradient;
    }

    public static double RelativeError(IReadOnlyList<double> g, IReadOnlyList<double> h)
    {
        double d = 0, ng = 0, nh = 0;
        for (int i = 0; i < g.Count; i++)
        {
            d += (g[i] - h[i]) * (g[i] - h[i]);
            ng += g[i] * g[i];
            nh += h[i] * h[i];
        }

        double denominator = Math.Sqrt(ng) + Math.Sqrt(nh);
        return denominator == 0 ? Math.Sqrt(d) : Math.Sqrt(d) / denominator;
    }

    private (double[][] A, double[][] Z) Forward(double[] theta, double[] x)
    {
        int layers = Sizes.Length;
        double[][] a = new double[layers][];
        double[][] z = new double[layers][];
        a[0] = x;
        for (int l = 0; l < layers - 1; l++)
        {
            int offset = Offset(l), columns = Sizes[l] + 1;
            z[l + 1] = new double[Sizes[l + 1]];
            a[l + 1] = new double[Sizes[l + 1]];
            for (int r = 0; r < Sizes[l + 1]; r++)
            {
                double s = theta[offset + (r * columns)];
                for (int c = 1; c < columns; c++)
                {
                    s += theta[offset + (r * columns) + c] * a[l][c - 1];
                }

                z[l + 1][r] = s;
                a[l + 1][r] = 1 / (1 + Math.Exp(-s));
            }
        }

        return (a, z);
    }

    private int Offset(int layer) => Enumerable.Range(0, layer).Sum(l => Sizes[l + 1] * (Sizes[l] + 1));

    private void ForEachWeight(double[] theta, Action<int, int> action)
    {
        for (int l = 0; l < Sizes.Length - 1; l++)
        {
            int offset = Offset(l), columns = Sizes[l] + 1;
            for (int i = 0; i < Sizes[l + 1] * columns; i++)
            {
                action(offset + i, i % columns);
            }
        }
    }

    private static double Softplus(double v) => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)));
}
