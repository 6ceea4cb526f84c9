using SpanNet.Models;

namespace SpanNet.Cli.Infrastructure;

/// <summary>Model loading and saving with errors that name the file.</summary>
public static class ModelFiles
{
    /// <summary>Loads a model; a missing, unreadable or invalid file gives a <see cref="CliException"/> naming it.</summary>
    /// <param name="path">The .spn file.</param>
    /// <returns>The model.</returns>
    public static Model Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new CliException($"{path}: is a directory, not a model file.");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"{path}: model file not found.");
        }

        try
        {
            return ModelFile.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Saves atomically (<see cref="ModelFile.Save(Model, string)"/>), creating the directory if needed.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The target file.</param>
    public static void Save(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Directory.Exists(path))
        {
            throw new CliException($"{path}: is a directory; give a file name for the model.");
        }

        AtomicFile.EnsureParentDirectory(path);
        AtomicFile.Writing(path, () => ModelFile.Save(model, path));
    }
}
