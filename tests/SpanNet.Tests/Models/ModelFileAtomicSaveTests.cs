using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Tests.Models;

public class ModelFileAtomicSaveTests
{
    private static readonly NetworkArchitecture Architecture = new(6, 5, 3);

    [Fact]
    public void SavingIntoAMissingDirectoryThrowsAndCreatesNothing()
    {
        Model model = ModelAssert.RandomModel(Architecture, 1, ScalingKind.MinMax);
        using var directory = new TempDirectory();
        string missing = directory.File("not-here");
        Assert.ThrowsAny<IOException>(() => ModelFile.Save(model, Path.Combine(missing, "model.spn")));
        Assert.False(Directory.Exists(missing));
        Assert.Empty(directory.Entries());
    }

    [Fact]
    public void SavingOverAnExistingFileReplacesItAndLeavesNoTemporaryFile()
    {
        Model first = ModelAssert.RandomModel(Architecture, 1, ScalingKind.None);
        Model second = ModelAssert.RandomModel(Architecture, 2, ScalingKind.Standardize);
        using var directory = new TempDirectory();
        string path = directory.File("model.spn");

        File.WriteAllBytes(path, new byte[100_000]);
        ModelFile.Save(first, path);
        Assert.Equal(ModelAssert.Save(first), File.ReadAllBytes(path));
        ModelFile.Save(second, path);
        Assert.Equal(ModelAssert.Save(second), File.ReadAllBytes(path));
        ModelAssert.Equivalent(second, ModelFile.Load(path));
        Assert.Equal(new[] { "model.spn" }, directory.Entries());
    }

    [Fact]
    public void RelativePathsAndDotFilesWork()
    {
        Model model = ModelAssert.RandomModel(Architecture, 3, ScalingKind.None);
        using var directory = new TempDirectory();
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, directory.File(".hidden.spn"));
        ModelFile.Save(model, relative);
        ModelAssert.Equivalent(model, ModelFile.Load(relative));
        Assert.Equal(new[] { ".hidden.spn" }, directory.Entries());
    }

    [Fact]
    public void AFailureAfterTheTemporaryFileIsWrittenLeavesTheDirectoryAsItWas()
    {
        // The target is a non-empty directory: the temporary file is written in full and the final
        // rename fails, which is the closest a test gets to a crash between write and rename.
        Model model = ModelAssert.RandomModel(Architecture, 4, ScalingKind.Standardize);
        using var directory = new TempDirectory();
        string target = directory.File("model.spn");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "keep");
        File.WriteAllText(directory.File("other.spn"), "other");
        string[] before = directory.Entries();

        Exception? e = Record.Exception(() => ModelFile.Save(model, target));
        Assert.True(e is IOException or UnauthorizedAccessException, $"unexpected {e?.GetType()}");
        Assert.Equal(before, directory.Entries());
        Assert.Empty(Directory.EnumerateFiles(directory.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(target, "keep.txt")));
        Assert.Equal("other", File.ReadAllText(directory.File("other.spn")));
    }

    [Fact]
    public void ALongButValidFileNameCanBeSaved()
    {
        Model model = ModelAssert.RandomModel(Architecture, 5, ScalingKind.None);
        using var directory = new TempDirectory();
        string path = directory.File(new string('m', 240) + ".spn");
        File.WriteAllBytes(path, [1, 2, 3]); // the name itself is fine for the file system
        ModelFile.Save(model, path);
        ModelAssert.Equivalent(model, ModelFile.Load(path));
    }

    [Fact]
    public void ConcurrentReadersNeverSeeAPartiallyWrittenFile()
    {
        // One model is large enough that a non-atomic write would be observable.
        var architecture = new NetworkArchitecture(200, 100, 10);
        Model a = ModelAssert.RandomModel(architecture, 6, ScalingKind.None);
        Model b = ModelAssert.RandomModel(architecture, 7, ScalingKind.MinMax);
        byte[] bytesA = ModelAssert.Save(a), bytesB = ModelAssert.Save(b);
        using var directory = new TempDirectory();
        string path = directory.File("shared.spn");
        ModelFile.Save(a, path);

        int saves = Math.Min(40, PropertyScale.Cases(40));
        int loads = 0, failures = 0;
        string? firstFailure = null;
        using var done = new ManualResetEventSlim();
        var readers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            do
            {
                try
                {
                    byte[] saved = ModelAssert.Save(ModelFile.Load(path));
                    if (!saved.AsSpan().SequenceEqual(bytesA) && !saved.AsSpan().SequenceEqual(bytesB))
                    {
                        throw new InvalidOperationException("loaded a model that was never saved");
                    }

                    Interlocked.Increment(ref loads);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstFailure, e.ToString(), null);
                    Interlocked.Increment(ref failures);
                }
            }
            while (!done.IsSet);
        })).ToList();
        readers.ForEach(t => t.Start());
        for (int i = 0; i < saves; i++)
        {
            ModelFile.Save(i % 2 == 0 ? b : a, path);
        }

        done.Set();
        readers.ForEach(t => t.Join());
        Assert.True(failures == 0, firstFailure);
        Assert.True(loads > 0);
        Assert.Equal(new[] { "shared.spn" }, directory.Entries());
    }
}
