namespace SpanNet.Training.Optimizers;

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright, algorithm 7.4) with a strong-Wolfe line search: the
/// kind of "advanced optimizer" the course uses instead of hand-tuned gradient descent. Keeps the
/// last <see cref="Memory"/> curvature pairs (s, y); the initial Hessian is scaled by sᵀy / yᵀy.
/// Full-batch only. The default optimizer of the trainer.
/// </summary>
public sealed class Lbfgs : LineSearchOptimizer
{
    private readonly float[][] steps;
    private readonly float[][] gradientChanges;
    private readonly double[] rho;
    private readonly double[] alpha;
    private int stored;
    private int newest = -1;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="memory">How many curvature pairs to keep (1 … 50; 10 by default).</param>
    public Lbfgs(int parameterCount, int memory = 10)
        : base(parameterCount, curvature: 0.9)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memory, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(memory, 50);
        Memory = memory;
        steps = [.. Enumerable.Range(0, memory).Select(_ => new float[parameterCount])];
        gradientChanges = [.. Enumerable.Range(0, memory).Select(_ => new float[parameterCount])];
        rho = new double[memory];
        alpha = new double[memory];
    }

    /// <summary>The number of curvature pairs kept.</summary>
    public int Memory { get; }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        ForgetHistory();
    }

    /// <inheritdoc/>
    protected override void ForgetHistory()
    {
        stored = 0;
        newest = -1;
    }

    /// <summary>The two-loop recursion: d = −H·g.</summary>
    /// <inheritdoc/>
    protected override double ComputeDirection(ReadOnlySpan<float> gradient, bool firstIteration)
    {
        float[] d = Direction;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = -gradient[i];
        }

        if (stored == 0)
        {
            double norm = Math.Sqrt(Dot(gradient, gradient));
            return norm > 1 ? 1 / norm : 1;
        }

        for (int n = 0, k = newest; n < stored; n++, k = (k - 1 + Memory) % Memory)
        {
            alpha[k] = rho[k] * Dot(steps[k], d);
            AddScaled(d, -alpha[k], gradientChanges[k]);
        }

        float[] y = gradientChanges[newest];
        double gamma = Dot(steps[newest], y) / Dot(y, y);
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = (float)(d[i] * gamma);
        }

        for (int n = 0, k = (newest - stored + 1 + Memory) % Memory; n < stored; n++, k = (k + 1) % Memory)
        {
            double beta = rho[k] * Dot(gradientChanges[k], d);
            AddScaled(d, alpha[k] - beta, steps[k]);
        }

        return 1;
    }

    /// <inheritdoc/>
    protected override void Accept(ReadOnlySpan<float> step, ReadOnlySpan<float> oldGradient, ReadOnlySpan<float> newGradient)
    {
        int slot = (newest + 1) % Memory;
        float[] s = steps[slot], y = gradientChanges[slot];
        step.CopyTo(s);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = newGradient[i] - oldGradient[i];
        }

        double sy = Dot(s, y);
        if (!(sy > 1e-10 * Math.Sqrt(Dot(s, s) * Dot(y, y))))
        {
            return; // Not enough positive curvature: keeping the pair would break positive definiteness.
        }

        rho[slot] = 1 / sy;
        newest = slot;
        stored = Math.Min(stored + 1, Memory);
    }

    private static void AddScaled(float[] destination, double scale, float[] source)
    {
        float a = (float)scale;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] += a * source[i];
        }
    }
}
