using System.IO.Compression;
using System.Text.RegularExpressions;

namespace SpanNet.Package.Tests;

/// <summary>
/// Done once for all package tests: `dotnet pack` of src/SpanNet into a temporary folder feed (with a
/// unique version, so no cache can serve an older build), then a scratch console app that installs
/// that package from the folder feed only (its own nuget.config and packages folder), built and run.
/// The app's Program.cs is the C# example of the package's README, so the README users read is
/// compiled against the package they install.
/// </summary>
public sealed partial class PackageFixture : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private string? temp;

    /// <summary>Why the package tests cannot run here (no dotnet host or SDK), or null.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The repository root (holds src/SpanNet/SpanNet.csproj).</summary>
    public string RepoRoot { get; private set; } = "";

    /// <summary>The version the package was packed with, e.g. 0.1.0-pkgtest.t3f2…</summary>
    public string Version { get; private set; } = "";

    /// <summary>The folder feed `dotnet pack` wrote to.</summary>
    public string Feed { get; private set; } = "";

    /// <summary>The NuGet packages folder of the consumer app (the package as installed).</summary>
    public string ConsumerPackages { get; private set; } = "";

    /// <summary>The scratch console app's folder.</summary>
    public string ConsumerDirectory { get; private set; } = "";

    /// <summary>The C# block of the package README, as compiled into the consumer app (null if the README has none).</summary>
    public string? ReadmeExample { get; private set; }

    public ProcessResult? Pack { get; private set; }

    public ProcessResult? ConsumerBuild { get; private set; }

    public ProcessResult? ConsumerRun { get; private set; }

    public string PackagePath => Path.Combine(Feed, $"SpanNet.{Version}.nupkg");

    public string SymbolPackagePath => Path.Combine(Feed, $"SpanNet.{Version}.snupkg");

    public string ConsumerAssembly => Path.Combine(ConsumerDirectory, "bin", "Release", "net10.0", "PackageConsumer.dll");

    public async ValueTask InitializeAsync()
    {
        string? host = DotnetCli.FindHost();
        if (host is null || DotnetCli.IsSelfContained())
        {
            SkipReason = "The package tests run `dotnet pack` and `dotnet build`; this is a self-contained test publish (e.g. the ARM64 leg under qemu) with no dotnet host.";
            return;
        }

        if (!DotnetCli.HasSdk(host))
        {
            SkipReason = $"The package tests run `dotnet pack` and `dotnet build`, and there is no .NET SDK next to {host}.";
            return;
        }

        RepoRoot = FindRepoRoot();
        temp = Path.Combine(Path.GetTempPath(), "spannet-package-tests", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(temp, "feed");
        ConsumerPackages = Path.Combine(temp, "packages");
        ConsumerDirectory = Path.Combine(temp, "consumer");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(ConsumerPackages);
        Directory.CreateDirectory(ConsumerDirectory);

        string suffix = "pkgtest.t" + Guid.NewGuid().ToString("N")[..12];
        Dictionary<string, string?> buildEnvironment = DotnetCli.JitIsaKnobs().ToDictionary(k => k, string? (_) => null);

        // The build goes to its own artifacts folder: nothing in src/SpanNet/bin or obj is touched,
        // so a concurrent build of the repository cannot collide with it.
        Pack = await DotnetCli.RunAsync(
            host,
            RepoRoot,
            [
                "pack", Path.Combine(RepoRoot, "src", "SpanNet", "SpanNet.csproj"),
                "-c", "Release",
                "--version-suffix", suffix,
                "-o", Feed,
                "--artifacts-path", Path.Combine(temp, "artifacts"),
                "--disable-build-servers", "-nodeReuse:false", "-tl:off",
            ],
            BuildTimeout,
            buildEnvironment);
        Version = Directory.EnumerateFiles(Feed, "SpanNet.*.nupkg")
            .Select(p => Path.GetFileName(p)["SpanNet.".Length..^".nupkg".Length])
            .FirstOrDefault(v => v.EndsWith(suffix, StringComparison.Ordinal)) ?? "";
        if (!Pack.Succeeded || Version.Length == 0)
        {
            return;
        }

        using (ZipArchive package = ZipFile.OpenRead(PackagePath))
        {
            ZipArchiveEntry? readme = package.GetEntry("README.md");
            if (readme is not null)
            {
                using var reader = new StreamReader(readme.Open());
                Match example = CSharpBlock().Match((await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).ReplaceLineEndings("\n"));
                ReadmeExample = example.Success ? example.Groups[1].Value : null;
            }
        }

        if (ReadmeExample is null)
        {
            return;
        }

        WriteConsumer(ReadmeExample);
        buildEnvironment["NUGET_PACKAGES"] = ConsumerPackages;
        ConsumerBuild = await DotnetCli.RunAsync(
            host,
            ConsumerDirectory,
            ["build", "PackageConsumer.csproj", "-c", "Release", "--disable-build-servers", "-nodeReuse:false", "-tl:off"],
            BuildTimeout,
            buildEnvironment);
        if (!ConsumerBuild.Succeeded)
        {
            return;
        }

        // The app runs with the caller's environment, instruction-set knobs included.
        ConsumerRun = await DotnetCli.RunAsync(host, ConsumerDirectory, [ConsumerAssembly], RunTimeout);
    }

    public ValueTask DisposeAsync()
    {
        if (temp is not null)
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a leftover temp folder is harmless
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Skips when there is no SDK; fails with the pack output when the pack failed.</summary>
    public void RequirePackage()
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");
        Assert.True(Pack is { Succeeded: true }, Pack?.Describe() ?? "dotnet pack did not run");
        Assert.True(Version.Length > 0, $"dotnet pack succeeded but wrote no SpanNet.*.nupkg with the test's version suffix to {Feed}:\n{Pack!.Output}");
    }

    private void WriteConsumer(string program)
    {
        // Empty Directory.* files stop MSBuild from importing whatever the temp folder's parents hold.
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(ConsumerDirectory, name), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(ConsumerDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <!-- Only the folder `dotnet pack` wrote to: SpanNet cannot come from anywhere else. -->
                <clear />
                <add key="spannet-under-test" value="{Feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{ConsumerPackages}" />
              </config>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(ConsumerDirectory, "PackageConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <RestorePackagesPath>{ConsumerPackages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SpanNet" Version="[{Version}]" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Program.cs"), program);
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "src", "SpanNet", "SpanNet.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No parent folder of {AppContext.BaseDirectory} holds src/SpanNet/SpanNet.csproj; the package tests pack the library from the source tree they were built from.");
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
