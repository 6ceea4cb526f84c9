using System.Collections;
using System.CommandLine;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Cli.Infrastructure;
using SpanNet.Kernels;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet info [--json]</c>: versions, platform, CPU, Native AOT and the SIMD path in use.</summary>
internal static class InfoCommand
{
    public static Command Create(CliConsole console)
    {
        Option<bool> json = CommonOptions.Json();
        var command = new Command("info", "Show the spannet and runtime versions, the OS and CPU, whether this is a Native AOT build, and which SIMD path the kernels use.")
        {
            json,
        };
        command.SetAction(result => Run(result.GetValue(json), console));
        return command;
    }

    public static int Run(bool json, CliConsole console)
    {
        string version = InformationalVersion(typeof(InfoCommand).Assembly);
        string libraryVersion = InformationalVersion(typeof(Network).Assembly);
        string os = RuntimeInformation.OSDescription;
        string architecture = RuntimeInformation.ProcessArchitecture.ToString();
        string cpu = CpuModelName() ?? "unknown";
        int processors = Environment.ProcessorCount;
        string runtime = RuntimeInformation.FrameworkDescription;
        bool dynamicCode = RuntimeFeature.IsDynamicCodeSupported;
        bool nativeAot = SimdInfo.IsNativeAot;
        string hardware = SimdInfo.HardwarePath?.ToString() ?? "unknown";
        string? warning = SimdInfo.PerformanceWarning;
        string active = SimdInfo.ActivePathDescription;
        string[] supported = [.. SimdInfo.SupportedPaths.Select(SimdInfo.Describe)];
        string[] overrides = IsaOverrides();

        if (json)
        {
            JsonOutput.WriteObject(console.Out, writer =>
            {
                writer.WriteString("version", version);
                writer.WriteString("libraryVersion", libraryVersion);
                writer.WriteString("os", os);
                writer.WriteString("architecture", architecture);
                writer.WriteString("cpu", cpu);
                writer.WriteNumber("processorCount", processors);
                writer.WriteString("runtime", runtime);
                writer.WriteBoolean("nativeAot", nativeAot);
                writer.WriteBoolean("dynamicCodeSupported", dynamicCode);
                writer.WriteString("simdPath", SimdInfo.ActivePath.ToString());
                writer.WriteString("simdPathDescription", active);
                writer.WriteString("cpuBestPath", hardware);
                if (warning is null)
                {
                    writer.WriteNull("performanceWarning");
                }
                else
                {
                    writer.WriteString("performanceWarning", warning);
                }

                writer.WriteStartArray("supportedPaths");
                foreach (string path in supported)
                {
                    writer.WriteStringValue(path);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("isaOverrides");
                foreach (string setting in overrides)
                {
                    writer.WriteStringValue(setting);
                }

                writer.WriteEndArray();
            });
            return ExitCodes.Success;
        }

        TextWriter o = console.Out;
        o.WriteLine($"spannet          {version}");
        o.WriteLine($"SpanNet library  {libraryVersion}");
        o.WriteLine($"OS               {os} ({architecture})");
        o.WriteLine($"CPU              {cpu} ({processors} logical processors)");
        o.WriteLine($".NET runtime     {runtime}");
        o.WriteLine($"Native AOT       {(nativeAot ? "yes" : dynamicCode ? "no (JIT)" : "no (JIT, with the Native AOT feature switches of PublishAot)")}");
        o.WriteLine($"SIMD path        {active}");
        o.WriteLine($"supported paths  {string.Join(", ", supported)}");
        o.WriteLine($"CPU's best path  {hardware}");
        if (warning is not null)
        {
            o.WriteLine($"warning          {warning}");
        }

        if (overrides.Length > 0)
        {
            o.WriteLine($"ISA overrides    {string.Join(' ', overrides)}");
        }

        return ExitCodes.Success;
    }

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The CPU's model name: /proc/cpuinfo on Linux, PROCESSOR_IDENTIFIER on Windows; null when unknown.</summary>
    private static string? CpuModelName()
    {
        if (OperatingSystem.IsWindows())
        {
            return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER");
        }

        const string cpuinfo = "/proc/cpuinfo";
        if (!OperatingSystem.IsLinux() || !File.Exists(cpuinfo))
        {
            return null;
        }

        try
        {
            string? fallback = null;
            foreach (string line in File.ReadLines(cpuinfo))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                string key = line[..colon].Trim();
                string value = line[(colon + 1)..].Trim();
                if (value.Length == 0)
                {
                    continue;
                }

                if (key is "model name" or "Model name")
                {
                    return value;
                }

                // ARM64 kernels often have no "model name"; keep something identifying.
                if (fallback is null && key is "Hardware" or "Model" or "CPU part")
                {
                    fallback = key == "CPU part" ? $"CPU part {value}" : value;
                }
            }

            return fallback;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>DOTNET_Enable* settings that change which instruction sets the runtime uses.</summary>
    private static string[] IsaOverrides()
    {
        var settings = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key
                && (key.StartsWith("DOTNET_Enable", StringComparison.Ordinal) || key.StartsWith("DOTNET_PreferredVectorBitWidth", StringComparison.Ordinal)))
            {
                settings.Add($"{key}={entry.Value}");
            }
        }

        settings.Sort(StringComparer.Ordinal);
        return [.. settings];
    }
}
