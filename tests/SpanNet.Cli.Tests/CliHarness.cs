using System.Globalization;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Tests;

/// <summary>What one in-process run of the CLI produced.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>The stderr lines (without the final newline).</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Out}--- stderr:\n{Error}";
}

/// <summary>Runs <c>spannet</c> in-process through <see cref="SpanNetCli.Run"/>.</summary>
internal static class Cli
{
    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using var stderr = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        int code = SpanNetCli.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts a failed run with exactly one stderr line, no stack trace, and returns that line.</summary>
    public static string AssertOneLineError(CliResult result, int exitCode = 1)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        string[] lines = result.ErrorLines;
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith("spannet: error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        return lines[0];
    }
}

/// <summary>A fresh directory under the temp path, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "spannet-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string contents)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>Saves a model and returns its path.</summary>
    public string SaveModel(string name, Model model)
    {
        string path = File(name);
        ModelFile.Save(model, path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class TestModels
{
    /// <summary>A random model; with <paramref name="withScaling"/>, a standardize scaling learned from random features.</summary>
    public static Model Random(NetworkArchitecture architecture, ulong seed, bool withScaling = false)
    {
        Network network = Network.CreateRandom(architecture, seed);
        FeatureScaling? scaling = null;
        if (withScaling)
        {
            var random = new SpanNet.Common.SeededRandom(seed + 99);
            float[] features = new float[20 * architecture.InputCount];
            foreach (ref float x in features.AsSpan())
            {
                x = (random.NextSingle() * 10) - 3;
            }

            scaling = FeatureScaling.Learn(ScalingKind.Standardize, features, architecture.InputCount);
        }

        return new Model(network, scaling);
    }
}
