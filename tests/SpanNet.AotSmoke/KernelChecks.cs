using SpanNet.Kernels;

namespace SpanNet.AotSmoke;

/// <summary>
/// Every public kernel of <see cref="SimdKernels"/> against a float64 reference computed from the same
/// float inputs, on shapes that hit full vectors, tails and the small-size paths. Inputs sit inside NaN
/// guards (a read past the end turns a result into NaN) at varying alignments; the elements around
/// each destination hold a sentinel that must survive (a write past the end is caught).
/// </summary>
/// <remarks>
/// Tolerances: a sum of n float products may differ from the exact sum by γn·Σ|terms| with
/// γn = n·u / (1 − n·u), u = 2⁻²⁴, whatever the summation order or fusing (Higham, "Accuracy and
/// Stability of Numerical Algorithms", §3.1); element-wise updates get γ2 or γ3 of their terms; the
/// sigmoid 4 ulp of the float result (the README's measured worst case is 2.33 ulp); LogLossSum, which
/// runs in double, 1e-12 relative.
/// </remarks>
internal static class KernelChecks
{
    private const string SumTolerance = "γn·Σ|terms|";

    private static readonly int[] Lengths = [0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 257, 1031];

    /// <summary>rows × columns; 400 × 401 is past the 128 Ki-element point where the transposed product streams rows.</summary>
    private static readonly (int Rows, int Columns)[] Shapes =
        [(1, 1), (2, 3), (3, 5), (7, 33), (8, 16), (10, 26), (25, 65), (37, 129), (130, 67), (400, 401)];

    public static void Run(Report report)
    {
        var random = new SplitMix64(20240601);
        Dot(report, random);
        Axpy(report, random);
        Scale(report, random);
        Sigmoid(report, random);
        Gemv(report, random, accumulate: false);
        Gemv(report, random, accumulate: true);
        GemvBiasColumn(report, random);
        GemvTransposed(report, random, accumulate: false);
        GemvTransposed(report, random, accumulate: true);
        AddOuterProduct(report, random);
        AddOuterProductBiasColumn(report, random);
        BackpropDelta(report, random);
        LogLossSum(report, random);
    }

    /// <summary>γn = n·u / (1 − n·u), u = 2⁻²⁴ (float's unit roundoff).</summary>
    private static double Gamma(int n)
    {
        double nu = n * Math.ScaleB(1.0, -24);
        return nu / (1 - nu);
    }

    private static string LengthsText => $"{Lengths.Length} lengths {Lengths[0]}…{Lengths[^1]}";

    private static string ShapesText => $"{Shapes.Length} shapes {Shapes[0].Rows}x{Shapes[0].Columns}…{Shapes[^1].Rows}x{Shapes[^1].Columns}";

    private static void Dot(Report report, SplitMix64 random)
    {
        var c = new Comparison("Dot", SumTolerance);
        foreach (int n in Lengths)
        {
            Guarded x = Guarded.Input(random, n, -1, 1);
            Guarded y = Guarded.Input(random, n, -1, 1);
            float got = SimdKernels.Dot(x.Span, y.Span);
            double sum = 0, abs = 0;
            for (int i = 0; i < n; i++)
            {
                double term = (double)x.Span[i] * y.Span[i];
                sum += term;
                abs += Math.Abs(term);
            }

            c.Compare($"n={n}", 0, got, sum, Gamma(n) * abs);
        }

        c.Finish(report, LengthsText);
    }

    private static void Axpy(Report report, SplitMix64 random)
    {
        var c = new Comparison("Axpy", "γ2·(|d| + |α·x|)");
        foreach (int n in Lengths)
        {
            float alpha = random.NextSingle(-2, 2);
            Guarded x = Guarded.Input(random, n, -1, 1);
            Guarded d = Guarded.Destination(random, n, -1, 1);
            float[] before = d.Span.ToArray();
            SimdKernels.Axpy(alpha, x.Span, d.Span);
            for (int i = 0; i < n; i++)
            {
                double term = (double)alpha * x.Span[i];
                c.Compare($"n={n}", i, d.Span[i], before[i] + term, Gamma(2) * (Math.Abs(before[i]) + Math.Abs(term)));
            }

            c.Guards($"n={n}", d);
        }

        c.Finish(report, LengthsText);
    }

    private static void Scale(Report report, SplitMix64 random)
    {
        var c = new Comparison("Scale", "γ1·|α·x|");
        foreach (int n in Lengths)
        {
            float alpha = random.NextSingle(-3, 3);
            Guarded x = Guarded.Input(random, n, -1, 1);
            Guarded d = Guarded.Destination(random, n, -1, 1);
            SimdKernels.Scale(x.Span, alpha, d.Span);
            for (int i = 0; i < n; i++)
            {
                double exact = (double)alpha * x.Span[i];
                c.Compare($"n={n}", i, d.Span[i], exact, Gamma(1) * Math.Abs(exact));
            }

            c.Guards($"n={n}", d);
        }

        c.Finish(report, LengthsText);
    }

    private static void Sigmoid(Report report, SplitMix64 random)
    {
        var c = new Comparison("Sigmoid", "4 ulp; exact at ±∞, 0 and NaN");
        foreach (int n in Lengths)
        {
            Guarded x = Guarded.Input(random, n, -30, 30);
            Guarded d = Guarded.Destination(random, n, -1, 1);
            SimdKernels.Sigmoid(x.Span, d.Span);
            float[] inPlace = x.Span.ToArray();
            SimdKernels.Sigmoid(inPlace);
            for (int i = 0; i < n; i++)
            {
                double exact = 1 / (1 + Math.Exp(-(double)x.Span[i]));
                double tolerance = 4 * Ulp((float)exact);
                c.Compare($"n={n}", i, d.Span[i], exact, tolerance);
                c.Compare($"n={n} in place", i, inPlace[i], exact, tolerance);
            }

            c.Guards($"n={n}", d);
        }

        // Special values at every position of a vector, so each lands in a full vector and in a tail.
        float[] specials = [float.NegativeInfinity, float.PositiveInfinity, float.NaN, 0f, -0f, 200f, -200f];
        double[] expected = [0, 1, double.NaN, 0.5, 0.5, 1, 0];
        for (int s = 0; s < specials.Length; s++)
        {
            foreach (int n in (int[])[1, 17, 33])
            {
                for (int position = 0; position < n; position++)
                {
                    float[] input = new float[n];
                    input.AsSpan().Fill(1f);
                    input[position] = specials[s];
                    float[] output = new float[n];
                    SimdKernels.Sigmoid(input, output);
                    c.Compare($"σ({specials[s]}) at {position} of {n}", position, output[position], expected[s], 0);
                }
            }
        }

        c.Finish(report, $"{LengthsText} (out of place and in place) + ±∞, NaN, ±0, ±200 at every position");
    }

    private static void Gemv(Report report, SplitMix64 random, bool accumulate)
    {
        var c = new Comparison(accumulate ? "GemvAdd" : "Gemv", SumTolerance);
        foreach ((int rows, int columns) in Shapes)
        {
            string name = $"{rows}x{columns}";
            Guarded m = Guarded.Input(random, rows * columns, -1, 1);
            Guarded x = Guarded.Input(random, columns, -1, 1);
            Guarded d = Guarded.Destination(random, rows, -1, 1);
            float[] before = d.Span.ToArray();
            if (accumulate)
            {
                SimdKernels.GemvAdd(m.Span, rows, columns, x.Span, d.Span);
            }
            else
            {
                SimdKernels.Gemv(m.Span, rows, columns, x.Span, d.Span);
            }

            for (int i = 0; i < rows; i++)
            {
                double sum = accumulate ? before[i] : 0, abs = Math.Abs(sum);
                for (int j = 0; j < columns; j++)
                {
                    double term = (double)m.Span[(i * columns) + j] * x.Span[j];
                    sum += term;
                    abs += Math.Abs(term);
                }

                c.Compare(name, i, d.Span[i], sum, Gamma(columns + (accumulate ? 1 : 0)) * abs);
            }

            c.Guards(name, d);
        }

        c.Finish(report, ShapesText);
    }

    private static void GemvBiasColumn(Report report, SplitMix64 random)
    {
        var c = new Comparison("GemvBiasColumn", SumTolerance);
        foreach ((int rows, int columns) in Shapes)
        {
            string name = $"{rows}x{columns}";
            Guarded theta = Guarded.Input(random, rows * columns, -1, 1);
            Guarded x = Guarded.Input(random, columns - 1, -1, 1);
            Guarded d = Guarded.Destination(random, rows, -1, 1);
            SimdKernels.GemvBiasColumn(theta.Span, rows, x.Span, d.Span);
            for (int i = 0; i < rows; i++)
            {
                double sum = theta.Span[i * columns], abs = Math.Abs(sum);
                for (int j = 0; j < columns - 1; j++)
                {
                    double term = (double)theta.Span[(i * columns) + j + 1] * x.Span[j];
                    sum += term;
                    abs += Math.Abs(term);
                }

                c.Compare(name, i, d.Span[i], sum, Gamma(columns) * abs);
            }

            c.Guards(name, d);
        }

        c.Finish(report, ShapesText + " (Θ·[1; x])");
    }

    private static void GemvTransposed(Report report, SplitMix64 random, bool accumulate)
    {
        var c = new Comparison(accumulate ? "GemvTransposedAdd" : "GemvTransposed", SumTolerance);
        foreach ((int rows, int columns) in Shapes)
        {
            string name = $"{rows}x{columns}";
            Guarded m = Guarded.Input(random, rows * columns, -1, 1);
            Guarded x = Guarded.Input(random, rows, -1, 1);
            Guarded d = Guarded.Destination(random, columns, -1, 1);
            float[] before = d.Span.ToArray();
            if (accumulate)
            {
                SimdKernels.GemvTransposedAdd(m.Span, rows, columns, x.Span, d.Span);
            }
            else
            {
                SimdKernels.GemvTransposed(m.Span, rows, columns, x.Span, d.Span);
            }

            for (int j = 0; j < columns; j++)
            {
                double sum = accumulate ? before[j] : 0, abs = Math.Abs(sum);
                for (int i = 0; i < rows; i++)
                {
                    double term = (double)m.Span[(i * columns) + j] * x.Span[i];
                    sum += term;
                    abs += Math.Abs(term);
                }

                c.Compare(name, j, d.Span[j], sum, Gamma(rows + (accumulate ? 1 : 0)) * abs);
            }

            c.Guards(name, d);
        }

        c.Finish(report, ShapesText);
    }

    private static void AddOuterProduct(Report report, SplitMix64 random)
    {
        var c = new Comparison("AddOuterProduct", "γ3·(|m| + |α·x·y|)");
        foreach ((int rows, int columns) in Shapes)
        {
            string name = $"{rows}x{columns}";
            float alpha = random.NextSingle(-2, 2);
            Guarded x = Guarded.Input(random, rows, -1, 1);
            Guarded y = Guarded.Input(random, columns, -1, 1);
            Guarded m = Guarded.Destination(random, rows * columns, -1, 1);
            float[] before = m.Span.ToArray();
            SimdKernels.AddOuterProduct(alpha, x.Span, y.Span, m.Span);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    int k = (i * columns) + j;
                    double term = (double)alpha * x.Span[i] * y.Span[j];
                    c.Compare(name, k, m.Span[k], before[k] + term, Gamma(3) * (Math.Abs(before[k]) + Math.Abs(term)));
                }
            }

            c.Guards(name, m);
        }

        c.Finish(report, ShapesText);
    }

    private static void AddOuterProductBiasColumn(Report report, SplitMix64 random)
    {
        var c = new Comparison("AddOuterProductBiasColumn", "γ3·(|m| + |α·δ·[1; a]|)");
        foreach ((int rows, int columns) in Shapes)
        {
            string name = $"{rows}x{columns}";
            float alpha = random.NextSingle(-2, 2);
            Guarded delta = Guarded.Input(random, rows, -1, 1);
            Guarded a = Guarded.Input(random, columns - 1, 0, 1);
            Guarded m = Guarded.Destination(random, rows * columns, -1, 1);
            float[] before = m.Span.ToArray();
            SimdKernels.AddOuterProductBiasColumn(alpha, delta.Span, a.Span, m.Span);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    int k = (i * columns) + j;
                    double term = (double)alpha * delta.Span[i] * (j == 0 ? 1.0 : a.Span[j - 1]);
                    c.Compare(name, k, m.Span[k], before[k] + term, Gamma(3) * (Math.Abs(before[k]) + Math.Abs(term)));
                }
            }

            c.Guards(name, m);
        }

        c.Finish(report, ShapesText);
    }

    private static void BackpropDelta(Report report, SplitMix64 random)
    {
        var c = new Comparison("BackpropDelta", "γ(n+3)·Σ|θ·δ|·a(1 − a)");
        foreach ((int rows, int columns) in Shapes)
        {
            string name = $"{rows}x{columns}";
            int units = columns - 1;
            Guarded theta = Guarded.Input(random, rows * columns, -1, 1);
            Guarded deltaNext = Guarded.Input(random, rows, -1, 1);
            Guarded a = Guarded.Input(random, units, 0.01f, 0.99f);
            Guarded d = Guarded.Destination(random, units, -1, 1);
            SimdKernels.BackpropDelta(theta.Span, rows, deltaNext.Span, a.Span, d.Span);
            for (int j = 0; j < units; j++)
            {
                double sum = 0, abs = 0;
                for (int i = 0; i < rows; i++)
                {
                    double term = (double)theta.Span[(i * columns) + j + 1] * deltaNext.Span[i];
                    sum += term;
                    abs += Math.Abs(term);
                }

                double derivative = (double)a.Span[j] * (1 - (double)a.Span[j]);
                c.Compare(name, j, d.Span[j], sum * derivative, Gamma(rows + 3) * abs * derivative);
            }

            c.Guards(name, d);
        }

        c.Finish(report, ShapesText + " (Θ is rows x (units + 1))");
    }

    private static void LogLossSum(Report report, SplitMix64 random)
    {
        var c = new Comparison("LogLossSum", "1e-12 relative, computed in double");
        foreach (int k in (int[])[1, 3, 10, 17, 64])
        {
            Guarded z = Guarded.Input(random, k, -40, 40);
            Guarded t = Guarded.Input(random, k, 0, 1);
            for (int i = 0; i < k; i++)
            {
                // Mostly 0/1 targets as in classification, some fractional; a few saturated logits.
                t.Span[i] = (i % 3) switch { 0 => 0f, 1 => 1f, _ => t.Span[i] };
                if (i % 7 == 5)
                {
                    z.Span[i] = i % 2 == 0 ? 90f : -90f;
                }
            }

            double got = SimdKernels.LogLossSum(z.Span, t.Span);
            double sum = 0;
            for (int i = 0; i < k; i++)
            {
                double zi = z.Span[i], ti = t.Span[i];
                sum += (ti * Softplus(-zi)) + ((1 - ti) * Softplus(zi));
            }

            c.Compare($"K={k}", 0, got, sum, 1e-12 * sum);
        }

        c.Finish(report, "5 lengths 1…64, logits in [−40, 40] and ±90, 0/1 and fractional targets");
    }

    /// <summary>softplus(v) = max(v, 0) + log(1 + e^(−|v|)), with log1p from its series when e^(−|v|) is small.</summary>
    private static double Softplus(double v)
    {
        double e = Math.Exp(-Math.Abs(v));
        double log1p;
        if (e < 0.01)
        {
            // Σ (−1)^(k+1) e^k / k: the terms after e^10 are below 1e-20 relative.
            log1p = 0;
            double power = e;
            for (int k = 1; k <= 10; k++)
            {
                log1p += (k % 2 == 1 ? power : -power) / k;
                power *= e;
            }
        }
        else
        {
            log1p = Math.Log(1 + e);
        }

        return Math.Max(v, 0) + log1p;
    }

    /// <summary>The spacing of floats at |value| (the ulp of a float result).</summary>
    private static double Ulp(float value)
    {
        float magnitude = Math.Abs(value);
        return (double)MathF.BitIncrement(magnitude) - magnitude;
    }

    /// <summary>Results of one kernel over its cases: the worst error relative to its tolerance, and the first failure.</summary>
    private sealed class Comparison(string kernel, string tolerance)
    {
        private double worstRatio;
        private int compared;
        private int failures;
        private bool guarded;
        private string? firstFailure;

        public void Compare(string caseName, int index, double got, double expected, double tolerance)
        {
            compared++;
            double error = Math.Abs(got - expected);
            bool ok = double.IsNaN(expected) ? double.IsNaN(got) : got == expected || error <= tolerance;
            double ratio = got == expected || (double.IsNaN(expected) && double.IsNaN(got)) ? 0 : tolerance > 0 ? error / tolerance : double.PositiveInfinity;
            if (ok)
            {
                worstRatio = Math.Max(worstRatio, ratio);
                return;
            }

            worstRatio = double.PositiveInfinity;
            if (failures++ == 0)
            {
                firstFailure = $"{caseName} [{index}]: got {got:G9}, float64 reference {expected:G17}, |error| {error:G3} > tolerance {tolerance:G3}";
            }
        }

        public void Guards(string caseName, Guarded destination)
        {
            guarded = true;
            int bad = destination.DamagedGuard();
            if (bad >= 0)
            {
                if (failures++ == 0)
                {
                    firstFailure = $"{caseName}: wrote outside the destination (guard element {bad} relative to its start changed)";
                }
            }
        }

        public void Finish(Report report, string cases) => report.Check(
            $"kernel {kernel}",
            failures == 0 && compared > 0,
            $"{cases}: {compared} results, worst |error| = {worstRatio:0.000} x tolerance ({tolerance}){(guarded ? ", nothing written outside the destination" : string.Empty)}",
            compared == 0 ? "nothing compared" : $"{failures} bad results over {cases}; first: {firstFailure}");
    }

    /// <summary>
    /// A span inside a larger array: inputs are fenced by NaN (an over-read spoils a result), destinations by
    /// a sentinel that must survive (an over-write is seen). The start moves by 0…15 floats, so spans land at
    /// every alignment relative to a 64-byte vector.
    /// </summary>
    private sealed class Guarded
    {
        private const int Fence = 80;
        private const float Sentinel = -12345.625f;
        private readonly float[] array;
        private readonly int start;
        private readonly int length;

        private Guarded(float[] array, int start, int length)
        {
            this.array = array;
            this.start = start;
            this.length = length;
        }

        public Span<float> Span => array.AsSpan(start, length);

        public static Guarded Input(SplitMix64 random, int length, float min, float max) => Create(random, length, min, max, float.NaN);

        public static Guarded Destination(SplitMix64 random, int length, float min, float max) => Create(random, length, min, max, Sentinel);

        /// <summary>The offset (relative to the span's start) of the first fence element that is no longer the sentinel, or −1.</summary>
        public int DamagedGuard()
        {
            for (int i = 0; i < array.Length; i++)
            {
                bool inside = i >= start && i < start + length;
                if (!inside && BitConverter.SingleToInt32Bits(array[i]) != BitConverter.SingleToInt32Bits(Sentinel))
                {
                    return i - start;
                }
            }

            return -1;
        }

        private static Guarded Create(SplitMix64 random, int length, float min, float max, float fence)
        {
            int start = Fence + random.NextInt32(16);
            float[] array = new float[start + length + Fence];
            array.AsSpan().Fill(fence);
            var guarded = new Guarded(array, start, length);
            foreach (ref float v in guarded.Span)
            {
                v = random.NextSingle(min, max);
            }

            return guarded;
        }
    }
}
