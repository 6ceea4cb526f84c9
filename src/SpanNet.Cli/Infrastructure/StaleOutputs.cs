namespace SpanNet.Cli.Infrastructure;

/// <summary>
/// Files an earlier run left in an output directory under the names this run writes: a 3-layer
/// export's theta3.csv beside a 2-layer export's theta1/theta2, or a scaling.csv the new model
/// does not have. Left there, they would be read back as part of the new set.
/// </summary>
public static class StaleOutputs
{
    /// <summary>Deletes <c>{prefix}{n}.csv</c> for n = <paramref name="first"/>, <paramref name="first"/> + 1, … while they exist.</summary>
    /// <param name="directory">The output directory.</param>
    /// <param name="prefix">The numbered name's prefix, e.g. "theta".</param>
    /// <param name="first">The first number this run did not write.</param>
    /// <returns>The deleted paths.</returns>
    public static List<string> RemoveNumbered(string directory, string prefix, int first)
    {
        var removed = new List<string>();
        for (int n = first; Remove(Path.Combine(directory, $"{prefix}{n}.csv")); n++)
        {
            removed.Add(Path.Combine(directory, $"{prefix}{n}.csv"));
        }

        return removed;
    }

    /// <summary>Deletes <paramref name="path"/> if it is there.</summary>
    /// <param name="path">A file this run would have written but does not.</param>
    /// <returns>Whether a file was deleted.</returns>
    public static bool Remove(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        AtomicFile.Writing(path, () => File.Delete(path));
        return true;
    }
}
