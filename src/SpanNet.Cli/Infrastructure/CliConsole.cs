namespace SpanNet.Cli.Infrastructure;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output (results, JSON).</param>
/// <param name="Error">Standard error (errors and notes).</param>
/// <param name="OutIsTerminal">
/// Whether <see cref="Out"/> is an interactive terminal (the process's stdout, not redirected): progress
/// is then one line redrawn in place with '\r'; otherwise it is a few plain lines, for logs.
/// </param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool OutIsTerminal = false);
