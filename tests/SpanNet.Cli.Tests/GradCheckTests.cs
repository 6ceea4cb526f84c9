using System.Text.Json;
using SpanNet.Backprop;

namespace SpanNet.Cli.Tests;

public class GradCheckTests
{
    [Fact]
    public void DefaultCheckPasses()
    {
        CliResult result = Cli.Run("gradcheck");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        Assert.Contains("OK", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonReportsTheRelativeDifference()
    {
        CliResult result = Cli.Run("gradcheck", "--layers", "4,6,5,3", "--examples", "7", "--lambda", "0.5", "--seed", "123", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Out);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        double difference = root.GetProperty("relativeDifference").GetDouble();
        Assert.InRange(difference, 0, GradientCheckResult.DefaultTolerance);
        Assert.Equal([4, 6, 5, 3], root.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal((6 * 5) + (5 * 7) + (3 * 6), root.GetProperty("parameters").GetInt32());
        Assert.Equal(7, root.GetProperty("examples").GetInt32());
        Assert.Equal(123, root.GetProperty("seed").GetInt32());
    }

    [Fact]
    public void SameSeedSameResult()
    {
        Assert.Equal(Cli.Run("gradcheck", "--seed", "9", "--json").Out, Cli.Run("gradcheck", "--seed", "9", "--json").Out);
    }

    [Theory]
    [InlineData("--layers", "3")]
    [InlineData("--layers", "3,0,2")]
    [InlineData("--layers", "3,x")]
    [InlineData("--layers", "2000,2000")]
    [InlineData("--examples", "0")]
    [InlineData("--lambda", "-0.5")]
    [InlineData("--seed", "-1")]
    public void BadOptionsAreUsageErrors(string option, string value)
    {
        string message = Cli.AssertOneLineError(Cli.Run("gradcheck", option, value), exitCode: 2);
        Assert.Contains("gradcheck --help", message, StringComparison.Ordinal);
    }
}
