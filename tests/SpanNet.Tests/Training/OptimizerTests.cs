using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Tests.Training;

public class OptimizerTests
{
    /// <summary>Rosenbrock's banana f(x, y) = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1): the classic line-search test.</summary>
    private sealed class Rosenbrock : IObjective
    {
        public int ParameterCount => 2;

        public double Evaluate(ReadOnlySpan<float> p, Span<float> gradient)
        {
            double x = p[0], y = p[1];
            gradient[0] = (float)((-2 * (1 - x)) - (400 * x * (y - (x * x))));
            gradient[1] = (float)(200 * (y - (x * x)));
            return ((1 - x) * (1 - x)) + (100 * (y - (x * x)) * (y - (x * x)));
        }
    }

    /// <summary>f(θ) = ½ Σ c_i θ_i² with condition number 1000.</summary>
    private sealed class Quadratic(int n) : IObjective
    {
        public int ParameterCount => n;

        public double Evaluate(ReadOnlySpan<float> p, Span<float> gradient)
        {
            double value = 0;
            for (int i = 0; i < n; i++)
            {
                double c = Math.Pow(1000, (double)i / (n - 1));
                gradient[i] = (float)(c * p[i]);
                value += 0.5 * c * p[i] * p[i];
            }

            return value;
        }
    }

    public static TheoryData<string> LineSearchMethods => new() { "lbfgs", "cg" };

    [Theory]
    [MemberData(nameof(LineSearchMethods))]
    public void LineSearchMethodsSolveRosenbrock(string method)
    {
        Optimizer optimizer = method == "lbfgs" ? new Lbfgs(2) : new ConjugateGradient(2);
        float[] p = [-1.2f, 1f];
        double value = double.NaN;
        for (int i = 0; i < 500 && !optimizer.Converged; i++)
        {
            value = optimizer.Step(p, new Rosenbrock());
        }

        Assert.True(value < 1e-6, $"{method}: f = {value} at ({p[0]}, {p[1]})");
        Assert.Equal(1f, p[0], 2e-3f);
        Assert.Equal(1f, p[1], 4e-3f);
    }

    [Theory]
    [MemberData(nameof(LineSearchMethods))]
    public void LineSearchMethodsNeverIncreaseTheValue(string method)
    {
        const int n = 50;
        Optimizer optimizer = method == "lbfgs" ? new Lbfgs(n) : new ConjugateGradient(n);
        float[] p = [.. Enumerable.Range(0, n).Select(i => MathF.Sin(i) + 1.5f)];
        double previous = double.PositiveInfinity;
        for (int i = 0; i < 200 && !optimizer.Converged; i++)
        {
            double value = optimizer.Step(p, new Quadratic(n));
            Assert.True(value <= previous, $"step {i}: {value} > {previous}");
            previous = value;
        }

        Assert.True(previous < 1e-6, $"{method}: f = {previous}");
    }

    [Theory]
    [MemberData(nameof(LineSearchMethods))]
    public void ALineSearchStepFromMovedParametersStartsAfresh(string method)
    {
        // Steps carry J and ∇J over; parameters the caller moved must not be searched from the old ones.
        const int n = 20;
        Optimizer used = method == "lbfgs" ? new Lbfgs(n) : new ConjugateGradient(n);
        Optimizer fresh = method == "lbfgs" ? new Lbfgs(n) : new ConjugateGradient(n);
        float[] p = [.. Enumerable.Range(0, n).Select(i => MathF.Cos(i) + 2f)];
        for (int i = 0; i < 5; i++)
        {
            used.Step(p, new Quadratic(n));
        }

        float[] moved = [.. Enumerable.Range(0, n).Select(i => MathF.Sin(i) - 3f)];
        float[] copy = [.. moved];
        int evaluationsBefore = used.Evaluations;

        double value = used.Step(moved, new Quadratic(n));
        double expected = fresh.Step(copy, new Quadratic(n));

        Assert.Equal(expected, value);
        Assert.Equal(copy, moved);
        Assert.Equal(fresh.Evaluations, used.Evaluations - evaluationsBefore); // counted on, not reset
    }

    [Fact]
    public void FirstOrderMethodsDescendOnAQuadratic()
    {
        const int n = 10;
        foreach (Optimizer optimizer in new Optimizer[] { new GradientDescent(n, 1e-3f), new MomentumSgd(n, 1e-3f, 0.9f), new Adam(n, 0.05f) })
        {
            float[] p = [.. Enumerable.Repeat(1f, n)];
            double first = optimizer.Step(p, new Quadratic(n)), last = first;
            for (int i = 0; i < 2000; i++)
            {
                last = optimizer.Step(p, new Quadratic(n));
            }

            Assert.True(last < first * 0.01, $"{optimizer.GetType().Name}: {first} → {last}");
            Assert.Equal(2001, optimizer.Evaluations);
        }
    }

    /// <summary>A gradient drawn from a seeded sequence, whatever the point: the optimizer's arithmetic alone decides the path.</summary>
    private sealed class ScriptedGradient(int n, int seed) : IObjective
    {
        private readonly Random random = new(seed);

        public int ParameterCount => n;

        public double Evaluate(ReadOnlySpan<float> p, Span<float> gradient)
        {
            for (int i = 0; i < n; i++)
            {
                gradient[i] = (float)((random.NextDouble() * 2) - 1 + (0.3 * Math.Sin(i)));
            }

            return 0;
        }
    }

    [Fact]
    public void AdamFollowsThePapersUpdateWithBiasCorrection()
    {
        // Kingma & Ba's Algorithm 1 in float64, βᵗ by Math.Pow, against the float optimizer on the
        // same gradients for 3,000 steps. A missing or wrong bias correction moves the first steps
        // by a large fraction of α (m̂ = 10·m at t = 1), far beyond the float rounding of the path.
        const int n = 8, steps = 3000;
        const float alpha = 0.01f, beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        var optimizer = new Adam(n, alpha, beta1, beta2, epsilon);
        var objective = new ScriptedGradient(n, seed: 11);
        var script = new ScriptedGradient(n, seed: 11);
        float[] p = [.. Enumerable.Range(0, n).Select(i => 1f - (0.25f * i))];
        double[] theta = [.. p.Select(v => (double)v)], m = new double[n], v = new double[n];
        float[] g = new float[n];
        for (int t = 1; t <= steps; t++)
        {
            optimizer.Step(p, objective);
            script.Evaluate(p, g);
            for (int i = 0; i < n; i++)
            {
                m[i] = (beta1 * m[i]) + ((1 - (double)beta1) * g[i]);
                v[i] = (beta2 * v[i]) + ((1 - (double)beta2) * g[i] * g[i]);
                double mHat = m[i] / (1 - Math.Pow(beta1, t)), vHat = v[i] / (1 - Math.Pow(beta2, t));
                theta[i] -= alpha * mHat / (Math.Sqrt(vHat) + epsilon);
            }

            if (t is 1 or 2 or 10 or steps)
            {
                for (int i = 0; i < n; i++)
                {
                    Assert.True(Math.Abs(p[i] - theta[i]) <= 1e-6 * t, $"step {t}, θ[{i}]: {p[i]} vs the paper's {theta[i]}");
                }
            }
        }
    }

    [Fact]
    public void StepRejectsTheWrongParameterCount()
    {
        var optimizer = new Adam(3);
        Assert.Throws<ArgumentException>(() => optimizer.Step(new float[4], new Quadratic(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescent(3, 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MomentumSgd(3, 0.1f, 1f));
    }
}
