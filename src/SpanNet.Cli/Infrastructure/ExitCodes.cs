namespace SpanNet.Cli.Infrastructure;

/// <summary>The process exit codes of every <c>spannet</c> command.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>
    /// Bad input (a missing or malformed file, data that does not fit the model, …) or a check that
    /// did not pass (for example <c>gradcheck</c> out of tolerance). One line on stderr says why.
    /// </summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing or invalid option value.</summary>
    public const int Usage = 2;

    /// <summary>An unexpected error inside spannet (a bug): one line on stderr names the exception.</summary>
    public const int InternalError = 3;

    /// <summary>Interrupted by Ctrl+C (SIGINT), as shells report it (128 + 2); nothing was written.</summary>
    public const int Cancelled = 130;
}
