using System.Text;

namespace SpanNet.Cli.Infrastructure;

/// <summary>Text output that never leaves a half-written file under the target name.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> (UTF-8, no BOM) to a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    /// <param name="path">The target; its directory must exist. An existing file is replaced.</param>
    /// <param name="contents">The text.</param>
    public static void WriteAllText(string path, string contents)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(contents);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, contents, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
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

        Directory.CreateDirectory(directory);
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
