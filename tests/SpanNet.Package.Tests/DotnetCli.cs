using System.Collections;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SpanNet.Package.Tests;

/// <summary>The output of one finished process.</summary>
/// <param name="CommandLine">What ran, for failure messages.</param>
/// <param name="ExitCode">The exit code (-1 when it was killed after its time limit).</param>
/// <param name="Output">Standard output then standard error.</param>
/// <param name="TimedOut">Whether it was killed after its time limit.</param>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>A failure message: what ran, how it ended, and everything it printed.</summary>
    public string Describe() =>
        $"`{CommandLine}` {(TimedOut ? "timed out and was killed" : $"exited {ExitCode}")}; its output:\n{Output}";
}

/// <summary>Finds the dotnet host and SDK of the runtime running the tests, and runs dotnet commands.</summary>
internal static class DotnetCli
{
    /// <summary>
    /// The dotnet executable of the runtime running these tests (…/dotnet/shared/Microsoft.NETCore.App/x.y.z/
    /// → …/dotnet/dotnet), or of DOTNET_HOST_PATH; null in a self-contained test publish, which has no host.
    /// </summary>
    public static string? FindHost()
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        string candidate = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", name));
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>Whether this is a self-contained app: the runtime lives in the app's own folder.</summary>
    public static bool IsSelfContained() =>
        string.Equals(
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory())),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory)),
            StringComparison.Ordinal);

    /// <summary>Whether an SDK is installed next to <paramref name="host"/> (a runtime-only install has none).</summary>
    public static bool HasSdk(string host)
    {
        string sdks = Path.Combine(Path.GetDirectoryName(host)!, "sdk");
        return Directory.Exists(sdks)
            && Directory.EnumerateDirectories(sdks).Any(d => File.Exists(Path.Combine(d, "dotnet.dll")));
    }

    /// <summary>
    /// Runs <paramref name="host"/> with <paramref name="args"/> and waits at most <paramref name="timeout"/>.
    /// The child gets this process's environment minus MSBuild's own variables (a test run started by
    /// `dotnet test` inherits some, and they would point a nested build at the wrong MSBuild), with
    /// node reuse and the build servers off (a lingering node would hold the output pipes open), plus
    /// <paramref name="environment"/> (a null value removes the variable).
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string host,
        string workingDirectory,
        IReadOnlyList<string> args,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        string commandLine = $"{Path.GetFileName(host)} {string.Join(' ', args)}  (in {workingDirectory})";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine}");
        process.StandardInput.Close();
        CancellationToken cancel = TestContext.Current.CancellationToken;
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancel);
        Task<string> error = process.StandardError.ReadToEndAsync(cancel);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancel);
        }

        string text = (await output + await error).ReplaceLineEndings("\n");
        if (timedOut)
        {
            text += $"\n(killed after {timeout.TotalSeconds:F0} s)";
        }

        return new ProcessResult(commandLine, timedOut ? -1 : process.ExitCode, text, timedOut);
    }

    /// <summary>The JIT's instruction-set knobs (the CI legs set them): without them the builds run at full speed; the app under test keeps them.</summary>
    public static IEnumerable<string> JitIsaKnobs()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            string key = (string)entry.Key;
            if (key.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("COMPlus_Enable", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("DOTNET_PreferredVectorBitWidth", StringComparison.OrdinalIgnoreCase))
            {
                yield return key;
            }
        }
    }
}
