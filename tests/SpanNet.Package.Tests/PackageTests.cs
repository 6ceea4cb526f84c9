using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace SpanNet.Package.Tests;

/// <summary>
/// The SpanNet package as `dotnet pack` builds it: its metadata, its files, its symbols, and a
/// console app that installs it from a folder feed and runs the package README's example.
/// </summary>
public sealed class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    [Fact]
    public void PackWritesExactlyThePackageAndItsSymbolPackage()
    {
        package.RequirePackage();
        string[] files = [.. Directory.EnumerateFiles(package.Feed).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
        Assert.Equal([$"SpanNet.{package.Version}.nupkg", $"SpanNet.{package.Version}.snupkg"], files);
    }

    [Fact]
    public void NuspecHasTheMetadataTheLicenseExpressionTheReadmeAndNoDependencies()
    {
        package.RequirePackage();
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath);
        XElement metadata = Nuspec(nupkg);

        Assert.Equal("SpanNet", Value(metadata, "id"));
        Assert.Equal(package.Version, Value(metadata, "version"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "authors")), "no authors");
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")), "no description");
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "tags")), "no tags");
        Assert.Equal("git", Child(metadata, "repository")?.Attribute("type")?.Value);

        // The license is a SPDX expression, exactly the one SpanNet.csproj declares (the one place to change it).
        string[] declarations = [.. XDocument.Load(Path.Combine(package.RepoRoot, "src", "SpanNet", "SpanNet.csproj"))
            .Descendants("PackageLicenseExpression").Select(e => e.Value.Trim())];
        Assert.True(declarations.Length == 1, $"src/SpanNet/SpanNet.csproj should declare one PackageLicenseExpression; it declares {declarations.Length}");
        string declared = declarations[0];
        Assert.False(string.IsNullOrEmpty(declared), "src/SpanNet/SpanNet.csproj declares an empty PackageLicenseExpression");
        XElement license = Child(metadata, "license") ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <license>:\n{metadata}");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal(declared, license.Value);

        // The readme is src/SpanNet/PACKAGE.md, byte for byte.
        Assert.Equal("README.md", Value(metadata, "readme"));
        ZipArchiveEntry readme = nupkg.GetEntry("README.md") ?? throw new Xunit.Sdk.XunitException("README.md is not in the package");
        Assert.Equal(File.ReadAllBytes(Path.Combine(package.RepoRoot, "src", "SpanNet", "PACKAGE.md")), Bytes(readme));

        // No package dependencies at all (an empty net10.0 group is what NuGet writes for none).
        XElement[] dependencies = [.. metadata.Descendants().Where(e => e.Name.LocalName is "dependency" or "frameworkReference")];
        Assert.True(dependencies.Length == 0, $"the package has dependencies:\n{string.Join('\n', dependencies.Select(d => d.ToString()))}");
        Assert.All(
            Child(metadata, "dependencies")?.Elements() ?? [],
            group => Assert.Equal("net10.0", group.Attribute("targetFramework")?.Value));
    }

    [Fact]
    public void LibFolderHoldsTheAssemblyAndItsXmlDocsForNet10Only()
    {
        package.RequirePackage();
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath);
        string[] lib = [.. nupkg.Entries.Select(e => e.FullName).Where(n => n.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Equal(["lib/net10.0/SpanNet.dll", "lib/net10.0/SpanNet.xml"], lib);

        // Every public type of the packaged assembly is documented in the packaged XML file.
        XDocument docs = XDocument.Load(nupkg.GetEntry("lib/net10.0/SpanNet.xml")!.Open());
        Assert.Equal("SpanNet", docs.Root?.Element("assembly")?.Element("name")?.Value);
        HashSet<string> documented = [.. docs.Descendants("member").Select(m => (string?)m.Attribute("name") ?? "")];
        using var pe = new PEReader(new MemoryStream(Bytes(nupkg.GetEntry("lib/net10.0/SpanNet.dll")!)));
        MetadataReader reader = pe.GetMetadataReader();
        string[] publicTypes = [.. PublicTypeNames(reader)];
        Assert.NotEmpty(publicTypes);
        string[] undocumented = [.. publicTypes.Where(t => !documented.Contains("T:" + t))];
        Assert.True(undocumented.Length == 0, $"public types without XML docs in the package: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void SymbolPackageHoldsTheMatchingPortablePdbOfADeterministicBuild()
    {
        package.RequirePackage();
        Assert.True(File.Exists(package.SymbolPackagePath), $"no symbol package {package.SymbolPackagePath}");
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath);
        using ZipArchive snupkg = ZipFile.OpenRead(package.SymbolPackagePath);
        Assert.DoesNotContain(nupkg.Entries, e => e.FullName.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase));
        ZipArchiveEntry pdbEntry = snupkg.GetEntry("lib/net10.0/SpanNet.pdb")
            ?? throw new Xunit.Sdk.XunitException($"no lib/net10.0/SpanNet.pdb in the symbol package; it holds {string.Join(", ", snupkg.Entries.Select(e => e.FullName))}");

        using var pe = new PEReader(new MemoryStream(Bytes(nupkg.GetEntry("lib/net10.0/SpanNet.dll")!)));
        DebugDirectoryEntry[] debug = [.. pe.ReadDebugDirectory()];
        Assert.Contains(debug, e => e.Type == DebugDirectoryEntryType.Reproducible); // a deterministic build
        CodeViewDebugDirectoryData codeView = pe.ReadCodeViewDebugDirectoryData(debug.Single(e => e.Type == DebugDirectoryEntryType.CodeView));

        using MetadataReaderProvider pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Bytes(pdbEntry)));
        MetadataReader pdb = pdbProvider.GetMetadataReader();
        var pdbId = new BlobContentId(pdb.DebugMetadataHeader!.Id);
        Assert.Equal(codeView.Guid, pdbId.Guid); // the pdb belongs to this very dll

        string[] documents = [.. pdb.Documents.Select(d => pdb.GetString(pdb.GetDocument(d).Name))];
        Assert.Contains(documents, d => d.EndsWith("Model.cs", StringComparison.Ordinal));

        // EmbedUntrackedSources: the generated sources (not in git) are inside the pdb.
        string[] embedded = [.. pdb.CustomDebugInformation
            .Select(pdb.GetCustomDebugInformation)
            .Where(c => pdb.GetGuid(c.Kind) == EmbeddedSourceKind && c.Parent.Kind == HandleKind.Document)
            .Select(c => pdb.GetString(pdb.GetDocument((DocumentHandle)c.Parent).Name))];
        Assert.True(
            embedded.Any(d => d.EndsWith("AssemblyInfo.cs", StringComparison.Ordinal)),
            $"the generated AssemblyInfo.cs is not embedded in the pdb; embedded: [{string.Join(", ", embedded)}]");

        // ContinuousIntegrationBuild (CI=true): the repository's source paths are mapped to /_/, so the
        // build does not depend on where the clone is. (The embedded generated files live in this test's
        // temporary artifacts folder, outside the repository, so they keep their paths here; in a plain
        // `dotnet pack` they sit in src/SpanNet/obj and are mapped too.)
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            string[] unmapped = [.. documents.Except(embedded).Where(d => !d.StartsWith("/_/", StringComparison.Ordinal))];
            Assert.True(unmapped.Length == 0, $"CI=true, yet the pdb has unmapped source paths: {string.Join(", ", unmapped.Take(5))}");
        }
    }

    [Fact]
    public void ConsoleAppInstallingThePackageRunsTheReadmeExample()
    {
        package.RequirePackage();
        Assert.True(package.ReadmeExample is not null, "the package README has no ```csharp example block to compile");
        Assert.True(package.ConsumerBuild is { Succeeded: true }, package.ConsumerBuild?.Describe() ?? "the consumer app was not built");
        Assert.True(package.ConsumerRun is { Succeeded: true }, package.ConsumerRun?.Describe() ?? "the consumer app did not run");
        string output = package.ConsumerRun!.Output;

        // It learned XOR: every prediction of the example is right.
        string[] predictions = [.. output.Split('\n').Where(l => l.Contains(" xor ", StringComparison.Ordinal))];
        Assert.True(
            predictions.SequenceEqual(["0 xor 0 = 0", "0 xor 1 = 1", "1 xor 0 = 1", "1 xor 1 = 0"]),
            $"the example's predictions are not XOR; its output:\n{output}");
        Assert.Matches(@"(?m)^Converged after \d+ epochs, J = \d\.\d{4}$", output);

        // It ran the SIMD path the CI leg selected (the leg's instruction-set knobs reach the app).
        string path = output.Split('\n').Single(l => l.StartsWith("SIMD path: ", StringComparison.Ordinal))["SIMD path: ".Length..];
        // Without a leg's SPANNET_EXPECTED_PATH: the widest width this test process accelerates, since
        // the app inherits the same environment (and so the same DOTNET_Enable* knobs).
        string expected = Environment.GetEnvironmentVariable("SPANNET_EXPECTED_PATH") is { Length: > 0 } stated ? stated
            : System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256"
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "Vector128"
            : "Scalar";
        Assert.True(path.StartsWith(expected + " ", StringComparison.Ordinal), $"expected the {expected} path, but the app ran {path}");
    }

    [Fact]
    public void ConsoleAppGotSpanNetFromTheFolderFeedIntoItsOwnPackagesFolder()
    {
        package.RequirePackage();
        Assert.True(package.ConsumerBuild is { Succeeded: true }, package.ConsumerBuild?.Describe() ?? "the consumer app was not built");

        // Restore resolved exactly this version from the test's packages folder, and nothing else.
        string assetsPath = Path.Combine(package.ConsumerDirectory, "obj", "project.assets.json");
        using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(assetsPath));
        string[] libraries = [.. assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name)];
        Assert.Equal([$"SpanNet/{package.Version}"], libraries);
        string[] folders = [.. assets.RootElement.GetProperty("packageFolders").EnumerateObject().Select(p => Path.TrimEndingDirectorySeparator(p.Name))];
        Assert.Equal([Path.TrimEndingDirectorySeparator(package.ConsumerPackages)], folders);

        // The SpanNet.dll next to the app is the one in the package.
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath);
        byte[] packaged = Bytes(nupkg.GetEntry("lib/net10.0/SpanNet.dll")!);
        string copied = Path.Combine(Path.GetDirectoryName(package.ConsumerAssembly)!, "SpanNet.dll");
        Assert.True(File.Exists(copied), $"no SpanNet.dll next to the consumer app in {Path.GetDirectoryName(copied)}");
        Assert.True(packaged.AsSpan().SequenceEqual(File.ReadAllBytes(copied)), "the consumer app's SpanNet.dll differs from the packaged one");
    }

    private static XElement Nuspec(ZipArchive nupkg)
    {
        ZipArchiveEntry entry = nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using Stream stream = entry.Open();
        XDocument nuspec = XDocument.Load(stream);
        return Child(nuspec.Root!, "metadata") ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <metadata>:\n{nuspec}");
    }

    private static XElement? Child(XElement parent, string localName) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private static string? Value(XElement parent, string localName) => Child(parent, localName)?.Value;

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Full names (Namespace.Outer.Inner, generic arity kept as `n) of the public types, nested ones included.</summary>
    private static IEnumerable<string> PublicTypeNames(MetadataReader reader)
    {
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            string? name = VisibleName(reader, type);
            if (name is not null)
            {
                yield return name;
            }
        }
    }

    private static string? VisibleName(MetadataReader reader, TypeDefinition type)
    {
        System.Reflection.TypeAttributes visibility = type.Attributes & System.Reflection.TypeAttributes.VisibilityMask;
        string name = reader.GetString(type.Name);
        if (visibility == System.Reflection.TypeAttributes.Public)
        {
            string ns = reader.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        if (visibility is System.Reflection.TypeAttributes.NestedPublic or System.Reflection.TypeAttributes.NestedFamily or System.Reflection.TypeAttributes.NestedFamORAssem)
        {
            string? outer = VisibleName(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
            return outer is null ? null : new StringBuilder(outer).Append('.').Append(name).ToString();
        }

        return null;
    }
}
