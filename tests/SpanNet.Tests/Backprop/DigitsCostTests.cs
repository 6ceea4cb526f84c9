using SpanNet.Backprop;
using SpanNet.Networks;

namespace SpanNet.Tests.Backprop;

/// <summary>
/// The exact, RNG-free check from data/digits/README.md: the 64-25-10 network with the course's
/// debugInitializeWeights pattern Θ[i][j] = sin(1 + i + rows·j)/10 on the real digits. Every ISA leg
/// compares against the same float64 figures, so the legs agree with each other through them.
/// </summary>
public class DigitsCostTests
{
    private static readonly NetworkArchitecture Architecture = new(64, 25, 10);

    [Theory]
    [InlineData(true, 0f, 7.001919162250115, 3.496446272368316)]
    [InlineData(true, 1f, 7.005139191435011, 3.4964481076614007)]
    [InlineData(true, 3f, 7.011579249804804, 3.4964556235117463)]
    [InlineData(false, 0f, 7.001990962182815, 3.496062465367584)]
    [InlineData(false, 1f, 7.00456591039578, 3.49606384468396)]
    [InlineData(false, 3f, 7.009715806821707, 3.496069062503597)]
    public void CostAndGradientNormMatchThePublishedFigures(bool trainRowsOnly, float lambda, double cost, double gradientNorm)
    {
        var data = DigitsData.Rows(trainRowsOnly ? DigitsData.TrainIndices : null);
        Network network = DebugNetwork();
        float[] gradient = new float[Architecture.ParameterCount];

        double j = new Backpropagation(Architecture).CostAndGradient(network.Parameters, data, lambda, gradient);

        double norm = Math.Sqrt(gradient.Sum(g => (double)g * g));
        Assert.Equal(cost, j, 1e-5);
        Assert.Equal(gradientNorm, norm, 1e-5);

        // The norms of different λ differ by less than that tolerance, so the λ term is checked on
        // its own: D(λ) − D(0) = (λ/m)·θ off the bias column, exactly 0 on it.
        float[] unregularized = new float[Architecture.ParameterCount];
        new Backpropagation(Architecture).CostAndGradient(network.Parameters, data, 0f, unregularized);
        for (int l = 0; l < Architecture.ThetaCount; l++)
        {
            int columns = Architecture.ThetaColumns(l), offset = Architecture.ThetaOffset(l);
            for (int i = offset; i < offset + Architecture.ThetaLength(l); i++)
            {
                double difference = (double)gradient[i] - unregularized[i];
                if ((i - offset) % columns == 0)
                {
                    Assert.Equal(0.0, difference);
                }
                else
                {
                    // Each side rounds once or twice at its own magnitude (the Θ(2) entries are ~0.4);
                    // the λ term is ~7e-5·λ, so a missing or halved term is far outside this.
                    double rounding = 4 * Math.Pow(2, -24) * Math.Max(Math.Abs(gradient[i]), Math.Abs(unregularized[i]));
                    Assert.Equal(lambda / data.Count * (double)network.Parameters[i], difference, rounding + 1e-12);
                }
            }
        }
    }

    [Fact]
    public void GradientEntriesMatchThePublishedFigures()
    {
        float[] gradient = new float[Architecture.ParameterCount];
        new Backpropagation(Architecture).CostAndGradient(DebugNetwork().Parameters, DigitsData.Rows(DigitsData.TrainIndices), 1f, gradient);

        double[] expectedStart = [-0.005993472897065719, 5.306600212105796e-05, -0.00020696355736959105];
        double[] expectedTheta2 = [0.41648605921465603, 0.20572786642882757, 0.24677803224138647];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expectedStart[i], gradient[i], 2e-6);
            Assert.Equal(expectedTheta2[i], gradient[1625 + i], 2e-6);
        }
    }

    [Fact]
    public void OnTheRealDigitsTheGradientPassesTheChecker()
    {
        var data = DigitsData.Rows(DigitsData.TrainIndices[..200]);
        GradientCheckResult result = GradientChecker.Check(DebugNetwork(), data, 1f, maxCoordinates: 60, seed: 7);
        Assert.True(result.IsWithin(), $"relative error {result.RelativeError:E3} at {result.WorstIndex}");
        Assert.Equal(60, result.CoordinatesChecked);
    }

    /// <summary>MATLAB's column-major reshape(sin(1:numel), size)/10 for each Θ.</summary>
    internal static Network DebugNetwork()
    {
        var network = new Network(Architecture);
        for (int l = 0; l < Architecture.ThetaCount; l++)
        {
            int rows = Architecture.ThetaRows(l), columns = Architecture.ThetaColumns(l);
            Span<float> theta = network.Theta(l);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    theta[(i * columns) + j] = (float)(Math.Sin(1 + i + (rows * j)) / 10);
                }
            }
        }

        return network;
    }
}
