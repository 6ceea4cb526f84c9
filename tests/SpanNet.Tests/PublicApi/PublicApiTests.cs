using SpanNet.Kernels;

namespace SpanNet.Tests.PublicApi;

/// <summary>
/// SpanNet's public surface is deliberate: it must equal the checked-in listing
/// PublicApi/SpanNet.PublicApi.txt, so every change to it shows up in review as a change to that file.
/// After a deliberate change, regenerate the file (see <see cref="UpdateVariable"/>) and commit it.
/// </summary>
public class PublicApiTests
{
    /// <summary>Set to 1 to rewrite the listing in the source tree instead of comparing with it.</summary>
    public const string UpdateVariable = "SPANNET_UPDATE_PUBLIC_API";

    private const string FileName = "SpanNet.PublicApi.txt";

    private const string RegenerateCommand =
        $"{UpdateVariable}=1 dotnet run --project tests/SpanNet.Tests -- -class SpanNet.Tests.PublicApi.PublicApiTests";

    private static readonly string[] Header =
    [
        "# The public API of SpanNet (src/SpanNet): every public or protected type and member, by reflection",
        "# (tests/SpanNet.Tests/PublicApi/PublicApiListing.cs). PublicApiTests fails when it differs from the library.",
        "# After a deliberate API change, regenerate it and commit it with the change:",
        $"#   {RegenerateCommand}",
    ];

    [Fact]
    public void PublicApiMatchesTheCheckedInListing()
    {
        string[] actual = [.. PublicApiListing.Build(typeof(SimdKernels).Assembly)];
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            string source = SourceListingPath();
            string text = string.Join('\n', Header.Concat(actual)) + "\n";
            File.WriteAllText(source, text);
            Directory.CreateDirectory(Path.GetDirectoryName(OutputListingPath())!);
            File.WriteAllText(OutputListingPath(), text); // so a rerun without a rebuild passes
            TestContext.Current.TestOutputHelper?.WriteLine($"{UpdateVariable}=1: wrote {actual.Length} lines to {source}");
            return;
        }

        string path = OutputListingPath();
        Assert.True(File.Exists(path), $"{path} is missing (it is copied from tests/SpanNet.Tests/PublicApi/{FileName}). Create it with:\n  {RegenerateCommand}");
        string[] expected = [.. File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#'))];

        string[] added = [.. actual.Except(expected, StringComparer.Ordinal)];
        string[] removed = [.. expected.Except(actual, StringComparer.Ordinal)];
        if (added.Length > 0 || removed.Length > 0)
        {
            Assert.Fail(
                $"SpanNet's public API differs from tests/SpanNet.Tests/PublicApi/{FileName} ({added.Length} added, {removed.Length} removed;\n"
                + "- lines are in the listing but no longer in the library, + lines are in the library but not in the listing):\n"
                + string.Concat(removed.Select(l => $"- {l}\n"))
                + string.Concat(added.Select(l => $"+ {l}\n"))
                + $"If the change is deliberate, regenerate the listing and commit it with the change:\n  {RegenerateCommand}");
        }

        // Same lines, so only the order can differ: the listing must be the generator's exact output.
        Assert.Equal(actual, expected);
    }

    [Fact]
    public void ListingShowsSignaturesInFull()
    {
        // A few lines that exercise the generator's rules on the real library, so a broken generator
        // (not only a changed API) is caught: keywords, in/params/default values, constants, enum values,
        // records with init accessors, delegates and interface lists.
        string[] listing = [.. PublicApiListing.Build(typeof(SimdKernels).Assembly)];
        Assert.Contains("public (SpanNet.Data.LabeledData Training, SpanNet.Data.LabeledData Validation) SpanNet.Data.LabeledData.Split(double validationFraction, ulong seed)", listing);
        Assert.Contains("public sealed class SpanNet.Networks.NetworkArchitecture : System.IEquatable<SpanNet.Networks.NetworkArchitecture>", listing);
        Assert.Contains("public SpanNet.Networks.NetworkArchitecture(params System.ReadOnlySpan<int> layerSizes)", listing);
        Assert.Contains("public const int SpanNet.Networks.NetworkArchitecture.MaxLayers = 64", listing);
        Assert.Contains("public enum SpanNet.Kernels.SimdPath : int", listing);
        Assert.Contains("SpanNet.Kernels.SimdPath.Vector512 = 512", listing);
        Assert.Contains("public delegate void SpanNet.Training.EpochCallback(in SpanNet.Training.EpochReport report)", listing);
        Assert.Contains("public SpanNet.Models.Model(SpanNet.Networks.Network network, SpanNet.Models.FeatureScaling scaling = null)", listing);
        Assert.Contains("public float SpanNet.Training.TrainerOptions.Lambda { get; init; }", listing);
        Assert.Contains("public float? SpanNet.Training.TrainerOptions.LearningRate { get; init; }", listing);
        Assert.Contains(listing, l => l.StartsWith("public sealed record SpanNet.Training.TrainerOptions : System.IEquatable<SpanNet.Training.TrainerOptions>", StringComparison.Ordinal));
        Assert.Contains(listing, l => l.StartsWith("public readonly record struct SpanNet.Training.EpochReport : ", StringComparison.Ordinal));
        Assert.Contains(
            "public SpanNet.Training.TrainingResult SpanNet.Training.Trainer.Train(SpanNet.Networks.Network network, SpanNet.Data.LabeledData training, SpanNet.Data.LabeledData validation = null, SpanNet.Training.EpochCallback onEpoch = null, System.Threading.CancellationToken cancellationToken = default)",
            listing);
        Assert.DoesNotContain(listing, l => l.Contains("IVectorOps", StringComparison.Ordinal)); // internal
        Assert.Equal(listing.Length, listing.Distinct().Count());
    }

    private static string OutputListingPath() => Path.Combine(AppContext.BaseDirectory, "PublicApi", FileName);

    /// <summary>The listing in the source tree: tests/SpanNet.Tests/PublicApi/ above the test binary.</summary>
    private static string SourceListingPath()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "SpanNet.Tests", "PublicApi", FileName);
            if (Directory.Exists(Path.GetDirectoryName(candidate)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{UpdateVariable}=1, but no parent folder of {AppContext.BaseDirectory} holds tests/SpanNet.Tests/PublicApi/ to write {FileName} to.");
    }
}
