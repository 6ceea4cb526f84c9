using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SpanNet.Cli.Tests;

/// <summary>
/// The few things only a real process shows: the default output path (the working directory) and
/// Ctrl+C (SIGINT) during training. Runs SpanNet.Cli.dll (copied next to the tests) with the dotnet
/// host that runs the tests.
/// </summary>
public class ProcessTests
{
    [Fact]
    public async Task WithoutOutTheModelIsModelSpnInTheWorkingDirectory()
    {
        using var dir = new TempDirectory();
        using Process process = Start(dir.Path, "train", "--epochs", "3");
        (string output, string error) = await Finish(process);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{error}");
        Assert.True(File.Exists(dir.File("model.spn")), output);
        string saved = output.Split('\n').Single(l => l.StartsWith("model saved to", StringComparison.Ordinal))["model saved to".Length..].Trim();
        Assert.True(Path.IsPathFullyQualified(saved), saved);
        Assert.Equal("model.spn", Path.GetFileName(saved));
        Assert.True(File.Exists(saved), saved);
    }

    [Fact]
    public async Task CtrlCDuringTrainingExits130AndWritesNothing()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGINT is a Unix signal; on Windows Ctrl+C goes through the console.");
        using var dir = new TempDirectory();
        using var training = new ManualResetEventSlim();
        var output = new StringBuilder();
        using Process process = Start(dir.Path, "train", "--optimizer", "gd", "--epochs", "10000000", "--plot", "curve.svg");
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("iteration", StringComparison.Ordinal) == true)
            {
                training.Set(); // the first progress line: training is under way
            }
        };
        process.BeginOutputReadLine();
        Task<string> error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.True(training.Wait(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken), $"training did not start:\n{output}");
        Assert.Equal(0, Kill(process.Id, 2 /* SIGINT */));
        await WaitForExit(process, TimeSpan.FromSeconds(60));
        string errors = await error;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{output}\n{errors}");
        Assert.Matches(@"^spannet: error: training cancelled after \d+ iterations?; no model written\.\n$", errors.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(dir.File("model.spn")));
        Assert.False(File.Exists(dir.File("curve.svg")));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    private static Process Start(string workingDirectory, params string[] args)
    {
        string? host = DotnetHost();
        Assert.SkipWhen(host is null, "These tests run SpanNet.Cli.dll with the dotnet host of their own runtime, and a self-contained publish (the ARM64 leg) has none.");
        var start = new ProcessStartInfo(host!)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SpanNet.Cli.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start spannet");
    }

    private static async Task<(string Output, string Error)> Finish(Process process)
    {
        Task<string> output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await WaitForExit(process, TimeSpan.FromSeconds(120));
        return ((await output).ReplaceLineEndings("\n"), (await error).ReplaceLineEndings("\n"));
    }

    private static async Task WaitForExit(Process process, TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"spannet did not exit within {timeout.TotalSeconds} s");
        }
    }

    /// <summary>The dotnet executable of the runtime running these tests (…/dotnet/shared/Microsoft.NETCore.App/x.y.z/ → …/dotnet/dotnet); null for a self-contained test publish.</summary>
    private static string? DotnetHost()
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        string candidate = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", name));
        return File.Exists(candidate) ? candidate : null;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
