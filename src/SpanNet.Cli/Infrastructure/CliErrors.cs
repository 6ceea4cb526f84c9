using SpanNet.Cli.Csv;

namespace SpanNet.Cli.Infrastructure;

/// <summary>
/// Maps an exception escaping a command to an exit code and a one-line message. Known input errors
/// (bad files, bad data, library argument checks) give <see cref="ExitCodes.Failure"/>; anything
/// else is a bug and gives <see cref="ExitCodes.InternalError"/> — still one line, never a stack
/// trace (set SPANNET_DEBUG=1 to get the full exception instead).
/// </summary>
public static class CliErrors
{
    /// <summary>Classifies <paramref name="exception"/>.</summary>
    /// <param name="exception">What a command threw.</param>
    /// <returns>The exit code and the message (a single line, without the "error:" prefix).</returns>
    public static (int ExitCode, string Message) Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CliException e => (e.ExitCode, e.Message),
            CsvFormatException e => (ExitCodes.Failure, e.Message),
            InvalidDataException e => (ExitCodes.Failure, e.Message),
            UnauthorizedAccessException e => (ExitCodes.Failure, e.Message),
            IOException e => (ExitCodes.Failure, e.Message), // FileNotFoundException, DirectoryNotFoundException, …
            ArgumentException e => (ExitCodes.Failure, WithoutParameterSuffix(e)),
            FormatException e => (ExitCodes.Failure, e.Message),
            OutOfMemoryException => (ExitCodes.Failure, "Out of memory: the input is too large for this machine."),
            _ => (ExitCodes.InternalError, $"internal error ({exception.GetType().Name}): {exception.Message}"),
        };
    }

    /// <summary>Writes "spannet: error: …" as one line to <paramref name="stderr"/> and returns the exit code.</summary>
    /// <param name="exception">What a command threw.</param>
    /// <param name="stderr">Where the line goes.</param>
    /// <returns>The exit code.</returns>
    public static int Report(Exception exception, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        (int code, string message) = Describe(exception);
        WriteError(stderr, message);
        if (Environment.GetEnvironmentVariable("SPANNET_DEBUG") is "1" or "true")
        {
            stderr.WriteLine(exception.ToString());
        }

        return code;
    }

    /// <summary>Writes "spannet: error: <paramref name="message"/>" on one line.</summary>
    /// <param name="stderr">The error writer.</param>
    /// <param name="message">The message; line breaks in it are replaced by spaces.</param>
    public static void WriteError(TextWriter stderr, string message)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        stderr.WriteLine($"spannet: error: {OneLine(message)}");
    }

    /// <summary>Collapses line breaks (and the whitespace around them) to single spaces.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The text on one line.</returns>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return text.Trim();
        }

        string[] parts = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', parts);
    }

    /// <summary>ArgumentException.Message ends with " (Parameter 'x')", which means nothing to a CLI user.</summary>
    private static string WithoutParameterSuffix(ArgumentException e)
    {
        string message = e.Message;
        if (e.ParamName is { } name)
        {
            string suffix = $" (Parameter '{name}')";
            int at = message.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message.Remove(at, suffix.Length);
            }
        }

        return message;
    }
}
