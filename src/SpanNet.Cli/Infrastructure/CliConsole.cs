namespace SpanNet.Cli.Infrastructure;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output (results, JSON).</param>
/// <param name="Error">Standard error (errors and notes).</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error);
