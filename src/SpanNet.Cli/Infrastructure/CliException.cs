namespace SpanNet.Cli.Infrastructure;

/// <summary>
/// A failure a command reports to the user as one line on stderr, with no stack trace. Throw it
/// (or let one of the exception types <see cref="CliErrors"/> knows propagate) instead of writing to
/// stderr and returning a code, so every command reports errors the same way.
/// </summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence; should name the file (and line/column) at fault when there is one.</param>
    /// <param name="exitCode">The process exit code, <see cref="ExitCodes.Failure"/> unless the command line itself is wrong.</param>
    public CliException(string message, int exitCode = ExitCodes.Failure)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception, keeping the exception that caused it.</summary>
    /// <param name="message">One sentence.</param>
    /// <param name="innerException">The cause.</param>
    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Failure;
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
