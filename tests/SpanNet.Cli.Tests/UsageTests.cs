using System.Text.Json;
using SpanNet.Kernels;

namespace SpanNet.Cli.Tests;

public class UsageTests
{
    [Theory]
    [InlineData]
    [InlineData("bogus")]
    [InlineData("import", "--out", "x.spn")]
    [InlineData("export", "--model", "m.spn", "--unknown")]
    [InlineData("cost", "--model")]
    [InlineData("eval", "--data", "x.csv")]
    [InlineData("predict", "--model", "m.spn")]
    [InlineData("train", "--bogus")]
    public void CommandLineMistakesExitWithTwoAndOneLine(params string[] args)
    {
        Cli.AssertOneLineError(Cli.Run(args), exitCode: 2);
    }

    [Theory]
    [InlineData]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("predict")]
    [InlineData("import")]
    [InlineData("export")]
    [InlineData("cost")]
    [InlineData("gradcheck")]
    [InlineData("info")]
    public void EveryCommandHasHelp(params string[] command)
    {
        CliResult result = Cli.Run([.. command, "--help"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', ["spannet", .. command]), result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void InfoShowsTheSimdPath()
    {
        CliResult result = Cli.Run("info");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(SimdInfo.ActivePathDescription, result.Out, StringComparison.Ordinal);
        Assert.Contains(".NET", result.Out, StringComparison.Ordinal);
        Assert.Contains("Native AOT       no", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void InfoJsonParses()
    {
        CliResult result = Cli.Run("info", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Out);
        JsonElement root = json.RootElement;
        Assert.False(root.GetProperty("nativeAot").GetBoolean());
        Assert.Equal(SimdInfo.ActivePath.ToString(), root.GetProperty("simdPath").GetString());
        Assert.Equal(SimdInfo.SupportedPaths.Count, root.GetProperty("supportedPaths").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("version").GetString()));
    }
}
