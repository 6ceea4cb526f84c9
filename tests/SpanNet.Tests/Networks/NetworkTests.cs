using SpanNet.Networks;

namespace SpanNet.Tests.Networks;

public class NetworkTests
{
    [Fact]
    public void ArchitectureCountsParametersInTheTextbookLayout()
    {
        var architecture = new NetworkArchitecture(400, 25, 10);
        Assert.Equal((25 * 401) + (10 * 26), architecture.ParameterCount);
        Assert.Equal(25, architecture.ThetaRows(0));
        Assert.Equal(401, architecture.ThetaColumns(0));
        Assert.Equal(25 * 401, architecture.ThetaOffset(1));
        Assert.Equal("400-25-10", architecture.ToString());
        Assert.Equal(architecture, NetworkArchitecture.Parse("400, 25,10"));
    }

    [Theory]
    [InlineData(new int[] { 5 })]
    [InlineData(new int[] { 5, 0, 2 })]
    [InlineData(new int[] { 5, -1 })]
    public void ArchitectureRejectsDegenerateLayers(int[] sizes) =>
        Assert.Throws<ArgumentException>(() => new NetworkArchitecture(sizes));

    [Fact]
    public void ArchitectureParseRejectsGarbage() =>
        Assert.Throws<FormatException>(() => NetworkArchitecture.Parse("64,x,10"));

    [Fact]
    public void RandomInitializationIsSeededAndWithinEpsilonInit()
    {
        var architecture = new NetworkArchitecture(64, 25, 10);
        Network a = Network.CreateRandom(architecture, 42), b = Network.CreateRandom(architecture, 42), c = Network.CreateRandom(architecture, 43);
        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        Assert.False(a.Parameters.SequenceEqual(c.Parameters));
        for (int l = 0; l < architecture.ThetaCount; l++)
        {
            double epsilon = Math.Sqrt(6) / Math.Sqrt(architecture.LayerSizes[l] + architecture.LayerSizes[l + 1]);
            float[] theta = a.Theta(l).ToArray();
            Assert.All(theta, w => Assert.InRange(w, -epsilon, epsilon));
            Assert.True(theta.Max() > epsilon * 0.9 && theta.Min() < -epsilon * 0.9, "the draws should span the interval");
        }
    }

    [Fact]
    public void ImportExportRoundTripsExactly()
    {
        var architecture = new NetworkArchitecture(3, 4, 2);
        var network = new Network(architecture);
        float[] theta1 = [.. Enumerable.Range(0, 16).Select(i => (i * 0.37f) - 2f)];
        float[] theta2 = [.. Enumerable.Range(0, 10).Select(i => MathF.Sin(i))];
        network.ImportTheta(0, theta1);
        network.ImportTheta(1, theta2);
        float[] out1 = new float[16], out2 = new float[10];
        network.ExportTheta(0, out1);
        network.ExportTheta(1, out2);
        Assert.Equal(theta1, out1);
        Assert.Equal(theta2, out2);
        Assert.Throws<ArgumentException>(() => network.ImportTheta(0, theta2));
        Assert.Throws<ArgumentException>(() => network.ImportTheta(1, [.. theta2.Select(_ => float.NaN)]));
        Assert.Equal(theta2, network.Theta(1).ToArray());
    }

    [Fact]
    public void ForwardMatchesAFloat64ForwardPassAndAllocatesNothing()
    {
        var architecture = new NetworkArchitecture(5, 7, 3, 4);
        Network network = Network.CreateRandom(architecture, 3);
        var workspace = new Workspace(architecture);
        float[] x = [0.5f, -1f, 2f, 0f, 0.25f];
        float[] output = new float[4];
        network.Forward(x, output, workspace);

        double[] a = [.. x.Select(v => (double)v)];
        for (int l = 0; l < architecture.ThetaCount; l++)
        {
            int columns = architecture.ThetaColumns(l);
            float[] theta = network.Theta(l).ToArray();
            a = [.. Enumerable.Range(0, architecture.ThetaRows(l)).Select(i =>
            {
                double z = theta[i * columns];
                for (int j = 1; j < columns; j++)
                {
                    z += theta[(i * columns) + j] * a[j - 1];
                }

                return 1 / (1 + Math.Exp(-z));
            })];
        }

        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(a[k], output[k], 1e-6);
        }

        Assert.Equal(Array.IndexOf(a, a.Max()), network.PredictClass(x, workspace));
        AllocationAssert.ZeroAfterWarmUp(() =>
        {
            network.Forward(x, output, workspace);
            network.PredictClass(x, workspace);
        });
    }

    [Fact]
    public void ForwardRejectsWrongSizes()
    {
        var architecture = new NetworkArchitecture(5, 3);
        var network = new Network(architecture);
        Assert.Throws<ArgumentException>(() => network.Forward(new float[4], new float[3], new Workspace(architecture)));
        Assert.Throws<ArgumentException>(() => network.Forward(new float[5], new float[2], new Workspace(architecture)));
        Assert.Throws<ArgumentException>(() => network.Forward(new float[5], new float[3], new Workspace(new NetworkArchitecture(5, 4))));
    }
}
