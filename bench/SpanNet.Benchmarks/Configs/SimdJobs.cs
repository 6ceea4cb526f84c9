using System.Runtime.InteropServices;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.NativeAot;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks.Configs;

/// <summary>
/// The jobs behind <c>--tiers</c> and <c>--aot</c>: one JIT job per SIMD tier this CPU has (switched
/// off from the top with DOTNET_Enable* environment variables) and one Native AOT job per
/// IlcInstructionSet, each named after the path its kernels must take and checked against it in the
/// benchmark process (<see cref="SimdPathReport"/>). The JIT job with the runtime's default
/// environment is the baseline.
/// </summary>
public static class SimdJobs
{
    /// <summary>Where the ILCompiler package restores from (the SDK's own version; <c>PublishAot</c> references it).</summary>
    private const string NuGetFeed = "https://api.nuget.org/v3/index.json";

    private static readonly SimdPath[] X64Tiers = [SimdPath.Vector512, SimdPath.Vector256, SimdPath.Vector128, SimdPath.Scalar];

    /// <summary>
    /// Variants of <paramref name="baseJob"/> (the run settings from the command line, such as
    /// <c>--job dry</c>) for the requested comparison; prints one line per job it leaves out.
    /// </summary>
    /// <param name="baseJob">Run settings every job shares.</param>
    /// <param name="tiers">One JIT job per SIMD tier; otherwise only the default JIT job.</param>
    /// <param name="aot">Add the Native AOT jobs.</param>
    /// <param name="log">Receives the explanation of every skipped job.</param>
    /// <returns>The jobs, the baseline (JIT, default environment) first.</returns>
    public static IReadOnlyList<Job> Create(Job baseJob, bool tiers, bool aot, Action<string> log)
    {
        Architecture architecture = RuntimeInformation.ProcessArchitecture;
        SimdPath widest = WidestHardwarePath(log);
        var jobs = new List<Job>();

        // JIT: the runtime's default environment runs the widest path the CPU has; each
        // DOTNET_Enable*=0 switch takes one tier off the top.
        SimdPath[] jitTiers = architecture == Architecture.X64 ? X64Tiers : [widest, SimdPath.Scalar];
        foreach (SimdPath tier in jitTiers)
        {
            if (tier > widest)
            {
                log($"// SpanNet: skipping JIT-{tier}: this CPU has no {Instructions(tier)} (its widest SIMD path is {widest}).");
                continue;
            }

            if (tier != widest && !tiers)
            {
                continue;
            }

            Job job = WithVariables(baseJob.WithId($"JIT-{tier}").WithRuntime(CoreRuntime.Core10_0), tier, tier == widest ? null : DisableVariable(tier));
            jobs.Add(tier == widest ? job.AsBaseline() : job);
        }

        if (!aot)
        {
            return jobs;
        }

        if (architecture != Architecture.X64 && architecture != Architecture.Arm64)
        {
            log($"// SpanNet: skipping the Native AOT jobs: no instruction-set mapping for {architecture}.");
            return jobs;
        }

        // Native AOT: without IlcInstructionSet the binary targets the architecture's baseline
        // (128-bit on x64 and Arm64); x86-64-v3 adds AVX2+FMA, x86-64-v4 AVX-512.
        jobs.Add(AotJob(baseJob, "default", instructionSet: "", SimdPath.Vector128));
        if (architecture == Architecture.X64)
        {
            foreach ((string level, SimdPath path) in new[] { ("x86-64-v3", SimdPath.Vector256), ("x86-64-v4", SimdPath.Vector512) })
            {
                if (path > widest)
                {
                    log($"// SpanNet: skipping AOT-{level}: this CPU has no {Instructions(path)} (its widest SIMD path is {widest}).");
                    continue;
                }

                jobs.Add(AotJob(baseJob, level, level, path));
            }
        }

        return jobs;
    }

    /// <summary>The environment variable that keeps the JIT at <paramref name="tier"/> and below (x64 names; Scalar works everywhere).</summary>
    private static EnvironmentVariable DisableVariable(SimdPath tier) => tier switch
    {
        SimdPath.Vector256 => new("DOTNET_EnableAVX512", "0"),
        SimdPath.Vector128 => new("DOTNET_EnableAVX2", "0"),
        SimdPath.Scalar => new("DOTNET_EnableHWIntrinsic", "0"),
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "The widest tier needs no switch."),
    };

    private static Job AotJob(Job baseJob, string label, string instructionSet, SimdPath expected)
    {
        // An empty IlcInstructionSet (not null: null makes BenchmarkDotNet compile for "native")
        // leaves the property out of the generated project, so the SDK's default applies.
        IToolchain toolchain = NativeAotToolchain.CreateBuilder()
            .UseNuGet(microsoftDotNetILCompilerVersion: "", nuGetFeedUrl: NuGetFeed)
            .IlcInstructionSet(instructionSet)
            .TargetFrameworkMoniker(NativeAotRuntime.Net10_0.MsBuildMoniker)
            .DisplayName($"NativeAOT {label}")
            .ToToolchain();
        Job job = baseJob.WithId($"AOT-{label}").WithRuntime(NativeAotRuntime.Net10_0).WithToolchain(toolchain);
        return WithVariables(job, expected, extra: null);
    }

    private static Job WithVariables(Job job, SimdPath expected, EnvironmentVariable? extra)
    {
        var variables = new List<EnvironmentVariable>(job.Environment.EnvironmentVariables ?? [])
        {
            new(SimdPathReport.ExpectedPathVariable, expected.ToString()),
        };
        if (extra is not null)
        {
            variables.Add(extra);
        }

        return job.WithEnvironmentVariables([.. variables]);
    }

    /// <summary>
    /// The widest path this CPU can run: CPUID through <see cref="SimdInfo.HardwarePath"/>, or the
    /// flags in /proc/cpuinfo when this process runs with hardware intrinsics off.
    /// </summary>
    private static SimdPath WidestHardwarePath(Action<string> log)
    {
        if (SimdInfo.HardwarePath is { } path)
        {
            return path;
        }

        HashSet<string>? flags = CpuInfoFlags();
        if (flags is null)
        {
            log("// SpanNet: cannot read this CPU's SIMD features; adding every tier (a job the CPU cannot run fails its path check).");
            return RuntimeInformation.ProcessArchitecture == Architecture.X64 ? SimdPath.Vector512 : SimdPath.Vector128;
        }

        return RuntimeInformation.ProcessArchitecture != Architecture.X64 ? SimdPath.Vector128
            : flags.Contains("avx512f") && flags.Contains("avx2") && flags.Contains("fma") ? SimdPath.Vector512
            : flags.Contains("avx2") && flags.Contains("fma") ? SimdPath.Vector256
            : SimdPath.Vector128;
    }

    private static HashSet<string>? CpuInfoFlags()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal) || l.StartsWith("Features", StringComparison.Ordinal));
            return line is null ? null : [.. line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Instructions(SimdPath path) => path switch
    {
        SimdPath.Vector512 => "AVX-512F",
        SimdPath.Vector256 => "AVX2+FMA",
        _ => path.ToString(),
    };
}
