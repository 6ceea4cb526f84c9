using System.Text;

namespace SpanNet.Cli.Infrastructure;

/// <summary>Text output that never leaves a half-written file under the target name.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> (UTF-8, no BOM) to a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    /// <param name="path">The target; its directory must exist. An existing file is replaced.</param>
    /// <param name="contents">The text.</param>
    public static void WriteAllText(string path, string contents) => WriteAllText(path, contents, beforeRename: null);

    /// <summary>
    /// As <see cref="WriteAllText(string, string)"/>, with <paramref name="beforeRename"/> run between
    /// writing the temporary file and renaming it: when that throws (or the write fails), the target
    /// is left as it was and the temporary file is deleted. Two outputs that belong together (a model
    /// and its chart) are then both replaced or neither, up to the last rename.
    /// </summary>
    /// <param name="path">The target; its directory must exist. An existing file is replaced.</param>
    /// <param name="contents">The text.</param>
    /// <param name="beforeRename">The other write, or null.</param>
    public static void WriteAllText(string path, string contents, Action? beforeRename)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(contents);
        string full = Path.GetFullPath(path);
        // A short name independent of the target's, so a target name near the file-system limit still works.
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".spannet-{Guid.NewGuid():N}.tmp");
        try
        {
            Writing(path, () => File.WriteAllText(temporary, contents, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));
            beforeRename?.Invoke();
            Writing(path, () => File.Move(temporary, full, overwrite: true));
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Runs <paramref name="write"/>; an I/O failure becomes "<c>path: cannot write: …</c>".</summary>
    /// <param name="path">The file being written (for the message).</param>
    /// <param name="write">The write.</param>
    public static void Writing(string path, Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot write: {e.Message}", e);
        }
    }

    /// <summary>Creates <paramref name="directory"/> (and its parents) unless it exists; a clear error if a file is in the way.</summary>
    /// <param name="directory">The directory.</param>
    public static void EnsureDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (File.Exists(directory))
        {
            throw new CliException($"{directory}: exists and is a file, not a directory.");
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{directory}: cannot create the directory: {e.Message}", e);
        }
    }

    /// <summary>Creates the directory that will hold <paramref name="file"/>, if it is missing.</summary>
    /// <param name="file">A file path.</param>
    public static void EnsureParentDirectory(string file)
    {
        string? parent = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(parent))
        {
            EnsureDirectory(parent);
        }
    }
}
