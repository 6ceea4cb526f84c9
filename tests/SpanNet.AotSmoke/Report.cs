namespace SpanNet.AotSmoke;

/// <summary>Counts the checks and prints one line per check ("PASS  name: …" or "FAIL  name: …").</summary>
internal sealed class Report
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Records one check.</summary>
    /// <param name="name">Short name of the check.</param>
    /// <param name="ok">Whether it passed.</param>
    /// <param name="passText">What was shown, when it passed.</param>
    /// <param name="failText">What went wrong, when it failed.</param>
    public void Check(string name, bool ok, string passText, string failText)
    {
        if (ok)
        {
            Passed++;
            Console.WriteLine($"PASS  {name}: {passText}");
        }
        else
        {
            Failed++;
            Console.WriteLine($"FAIL  {name}: {failText}");
        }
    }
}
