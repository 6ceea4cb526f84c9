using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using SpanNet.Cli.Commands;
using SpanNet.Cli.Infrastructure;

namespace SpanNet.Cli;

/// <summary>
/// The <c>spannet</c> command line. <see cref="Run"/> is the whole program (Program.cs only calls it),
/// so tests drive it in-process with their own writers.
/// <para>
/// Adding a command: create <c>Commands/XCommand.cs</c> with <c>Create(CliConsole)</c> returning a
/// <see cref="Command"/> whose action returns an exit code, and add it in <see cref="BuildRootCommand"/>.
/// Commands report bad input by throwing (<see cref="CliException"/>, Csv.CsvFormatException,
/// InvalidDataException, ArgumentException, IO exceptions, …): <see cref="Run"/> turns any of them
/// into one line on stderr and exit code 1, or the code a <see cref="CliException"/> carries (2 for
/// an option combination the parser cannot see, such as --test without --data); any other
/// exception is a bug and gives exit code 3 (<see cref="CliErrors"/>). Command-line mistakes are
/// caught by the parser and give one line and exit code 2.
/// </para>
/// </summary>
public static class SpanNetCli
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the process exit code.</summary>
    /// <param name="args">The command-line arguments (without the program name).</param>
    /// <param name="stdout">Results and help.</param>
    /// <param name="stderr">Errors: always exactly one line per failure.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            // Only the real stdout can be a terminal; a caller's own writer (tests) never is.
            bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            var console = new CliConsole(stdout, stderr, terminal);
            ParseResult parsed = BuildRootCommand(console).Parse(args);
            if (parsed.Action is ParseErrorAction)
            {
                return ReportUsageError(parsed, stderr);
            }

            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CliErrors.Report(e, stderr);
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }

    /// <summary>The command tree: <c>spannet</c> and its subcommands.</summary>
    /// <param name="console">Where the commands write.</param>
    /// <returns>The root command.</returns>
    public static Command BuildRootCommand(CliConsole console)
    {
        // A plain Command (not RootCommand) so help says "spannet" whatever the host process is called.
        var root = new Command("spannet", "SpanNet: SIMD sigmoid neural networks — train, evaluate and run models, import/export them, compute costs and gradients, check backpropagation.")
        {
            new HelpOption(),
            new VersionOption(),
            TrainCommand.Create(console),
            EvalCommand.Create(console),
            PredictCommand.Create(console),
            ImportCommand.Create(console),
            ExportCommand.Create(console),
            CostCommand.Create(console),
            GradCheckCommand.Create(console),
            InfoCommand.Create(console),
        };
        return root;
    }

    private static int ReportUsageError(ParseResult parsed, TextWriter stderr)
    {
        string command = string.Join(' ', parsed.CommandResult.Command.Parents.OfType<Command>().Reverse().Select(c => c.Name).Append(parsed.CommandResult.Command.Name));
        string errors = string.Join(" ", parsed.Errors.Select(e => CliErrors.OneLine(e.Message)).Distinct());
        CliErrors.WriteError(stderr, $"{errors} (see '{command} --help')");
        return ExitCodes.Usage;
    }
}
