using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.ConsoleArguments.ListBenchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.EventProcessors;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace SpanNet.Benchmarks.Configs;

/// <summary>
/// Runs the benchmarks the command line selects once per <see cref="SimdJobs"/> job, in one summary
/// table per class. BenchmarkDotNet's own options shape the jobs (<c>--job dry</c>,
/// <c>--iterationCount 5</c>, ...) instead of adding one: BenchmarkSwitcher would run the command
/// line's job next to configured ones, so this parses the arguments with BenchmarkDotNet's parser,
/// takes its job as the base of every variant, and runs the selected classes itself.
/// </summary>
public static class SimdComparison
{
    /// <summary>Runs the comparison; returns the summaries, or null when the arguments are unusable (already reported).</summary>
    /// <param name="args">BenchmarkDotNet's arguments (without <c>--tiers</c>/<c>--aot</c>).</param>
    /// <param name="config">The suite's config (columns, summary style).</param>
    /// <param name="tiers">One JIT job per SIMD tier.</param>
    /// <param name="aot">Native AOT jobs.</param>
    /// <param name="assembly">The assembly holding the benchmark classes.</param>
    public static IReadOnlyList<Summary>? Run(string[] args, IConfig config, bool tiers, bool aot, Assembly assembly)
    {
        ILogger logger = ConsoleLogger.Default;
        (bool parsed, IConfig commandLine, CommandLineOptions options) = ConfigParser.Parse(args, logger, config);
        if (!parsed)
        {
            return null;
        }

        if (options.ListBenchmarkCaseMode != ListBenchmarkCaseMode.Disabled || options.PrintInformation)
        {
            // Listing and --info have no jobs to compare: BenchmarkDotNet's own handling.
            return [.. BenchmarkSwitcher.FromAssembly(assembly).Run(args, config)];
        }

        if (!options.Filters.Any())
        {
            logger.WriteLineError("--tiers and --aot need --filter (for example --filter '*InferenceBenchmarks*').");
            return null;
        }

        Job[] commandLineJobs = [.. commandLine.GetJobs()];
        if (commandLineJobs.Length > 1)
        {
            logger.WriteLineError($"--tiers and --aot build on one job; the other options made {commandLineJobs.Length} ({string.Join(", ", commandLineJobs.Select(j => j.Id))}).");
            return null;
        }

        Job baseJob = commandLineJobs.SingleOrDefault() ?? Job.Default;
        if (baseJob.Infrastructure.Toolchain?.IsInProcess == true)
        {
            logger.WriteLineError("--tiers and --aot need one process per job (environment variables, Native AOT binaries): drop --inProcess.");
            return null;
        }

        foreach (string variable in new[] { "DOTNET_EnableAVX512", "DOTNET_EnableAVX512F", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic", "DOTNET_PreferredVectorBitWidth" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { } value)
            {
                logger.WriteLineInfo($"// SpanNet: {variable}={value} is set here and every JIT job inherits it; a job whose path it changes fails its path check.");
            }
        }

        IReadOnlyList<Job> jobs = SimdJobs.Create(baseJob, tiers, aot, logger.WriteLineInfo);
        logger.WriteLineInfo($"// SpanNet: jobs {string.Join(", ", jobs.Select(j => j.Id))}; baseline {jobs[0].Id}.");

        // The job's environment variables are its name (and SPANNET_BENCH_EXPECTED_PATH): the SIMD
        // path column shows what they did instead, in a table that still fits a screen.
        ManualConfig effective = ManualConfig.Union(config, new ReplacedJobsConfig(commandLine, jobs))
            .AddColumn(new SimdPathColumn(), new JobRatioColumn(jobs[0].Id))
            .HideColumns("EnvironmentVariables");
        if (aot)
        {
            // Each AOT job is its own build (an ILC run of minutes on a small machine). In parallel
            // they exceeded BenchmarkDotNet's 2-minute build timeout on a loaded 2-core VM and were
            // rebuilt one by one after 10 wasted minutes: build them one by one from the start.
            effective = effective.WithOption(ConfigOptions.DisableParallelBuild, true).WithBuildTimeout(TimeSpan.FromMinutes(20));
        }

        BenchmarkRunInfo[] selected =
        [
            .. assembly.GetExportedTypes()
                .Where(type => type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                    && type.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
                .OrderBy(type => type.FullName, StringComparer.Ordinal)
                .Select(type => BenchmarkConverter.TypeToBenchmarks(type, effective))
                .Where(info => info.BenchmarksCases.Length > 0),
        ];
        if (selected.Length == 0)
        {
            logger.WriteLineError($"No benchmark matches the filter ({string.Join(", ", options.Filters)}).");
            return null;
        }

        return BenchmarkRunner.Run(selected);
    }

    /// <summary>Everything the command line configured except its jobs, which <see cref="SimdJobs"/> replaced.</summary>
    private sealed class ReplacedJobsConfig(IConfig inner, IReadOnlyList<Job> jobs) : IConfig
    {
        public IEnumerable<Job> GetJobs() => jobs;

        public IEnumerable<IColumnProvider> GetColumnProviders() => inner.GetColumnProviders();

        public IEnumerable<IExporter> GetExporters() => inner.GetExporters();

        public IEnumerable<ILogger> GetLoggers() => inner.GetLoggers();

        public IEnumerable<IDiagnoser> GetDiagnosers() => inner.GetDiagnosers();

        public IEnumerable<IAnalyser> GetAnalysers() => inner.GetAnalysers();

        public IEnumerable<IValidator> GetValidators() => inner.GetValidators();

        public IEnumerable<HardwareCounter> GetHardwareCounters() => inner.GetHardwareCounters();

        public IEnumerable<IFilter> GetFilters() => inner.GetFilters();

        public IEnumerable<BenchmarkLogicalGroupRule> GetLogicalGroupRules() => inner.GetLogicalGroupRules();

        public IEnumerable<EventProcessor> GetEventProcessors() => inner.GetEventProcessors();

        public IEnumerable<IColumnHidingRule> GetColumnHidingRules() => inner.GetColumnHidingRules();

        public IOrderer? Orderer => inner.Orderer;

        public ICategoryDiscoverer? CategoryDiscoverer => inner.CategoryDiscoverer;

        public SummaryStyle SummaryStyle => inner.SummaryStyle;

        public ConfigUnionRule UnionRule => inner.UnionRule;

        public string ArtifactsPath => inner.ArtifactsPath;

        public CultureInfo? CultureInfo => inner.CultureInfo;

        public ConfigOptions Options => inner.Options;

        public TimeSpan BuildTimeout => inner.BuildTimeout;

        public WakeLockType WakeLock => inner.WakeLock;

        public IReadOnlyList<Conclusion> ConfigAnalysisConclusion => inner.ConfigAnalysisConclusion;
    }
}
