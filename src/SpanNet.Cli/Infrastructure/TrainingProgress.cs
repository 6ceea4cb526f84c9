using System.Globalization;
using System.Text;
using SpanNet.Training;

namespace SpanNet.Cli.Infrastructure;

/// <summary>
/// The progress display of <c>spannet train</c>. On a terminal: one line redrawn in place with '\r'
/// (at most ten times a second) and ended with a newline when training stops. Redirected (logs, CI):
/// a plain line for the first epoch and then every ⌈max/20⌉ epochs, plus the last one, so a run
/// prints about twenty lines whatever its length.
/// </summary>
internal sealed class TrainingProgress
{
    /// <summary>Lines printed when the output is not a terminal (plus the first and the last).</summary>
    public const int RedirectedLines = 20;

    private const int RedirectedBarWidth = 20;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter output;
    private readonly bool terminal;
    private readonly string unit;
    private readonly string? monitorName;
    private readonly int every;
    private readonly int terminalWidth;
    private readonly int epochWidth;
    private EpochReport last;
    private bool any;
    private int lastShown;
    private TimeSpan lastDrawn = TimeSpan.MinValue;
    private int lastLength;
    private bool lineOpen;

    /// <summary>Creates the display.</summary>
    /// <param name="output">Where to write (stdout).</param>
    /// <param name="terminal">Whether <paramref name="output"/> is an interactive terminal.</param>
    /// <param name="unit">"epoch" or "iteration".</param>
    /// <param name="monitorName">"test" or "validation" when the trainer reports a second data set, else null.</param>
    /// <param name="maxEpochs">The epoch limit.</param>
    /// <param name="terminalWidth">The terminal's width in characters (lines are kept shorter, so '\r' redraws never wrap).</param>
    public TrainingProgress(TextWriter output, bool terminal, string unit, string? monitorName, int maxEpochs, int terminalWidth = 80)
    {
        this.output = output;
        this.terminal = terminal;
        this.unit = unit;
        this.monitorName = monitorName;
        this.terminalWidth = Math.Max(terminalWidth, 40);
        every = Math.Max(1, (maxEpochs + RedirectedLines - 1) / RedirectedLines);
        epochWidth = maxEpochs.ToString(CultureInfo.InvariantCulture).Length;
    }

    /// <summary>The trainer's per-epoch callback.</summary>
    /// <param name="report">The epoch's figures.</param>
    public void Report(in EpochReport report)
    {
        last = report;
        any = true;
        if (terminal)
        {
            if (report.Epoch == 1 || report.Epoch == report.MaxEpochs || report.Elapsed - lastDrawn >= RedrawInterval)
            {
                Draw(report);
            }
        }
        else if (report.Epoch == 1 || report.Epoch % every == 0)
        {
            output.WriteLine(Format(report, RedirectedBarWidth));
            lastShown = report.Epoch;
        }
    }

    /// <summary>Training ended normally: shows the last epoch (if not shown yet) and ends the line.</summary>
    public void Finish()
    {
        if (!any)
        {
            return;
        }

        if (lastShown != last.Epoch)
        {
            if (terminal)
            {
                Draw(last);
            }
            else
            {
                output.WriteLine(Format(last, RedirectedBarWidth));
                lastShown = last.Epoch;
            }
        }

        EndLine();
    }

    /// <summary>Training stopped with an error or was cancelled: ends an open terminal line so the error starts on its own line.</summary>
    public void EndLine()
    {
        if (lineOpen)
        {
            output.WriteLine();
            output.Flush();
            lineOpen = false;
        }
    }

    /// <summary>One progress line.</summary>
    /// <param name="report">The epoch.</param>
    /// <param name="barWidth">Characters of the bar between the brackets (0 for no bar).</param>
    /// <param name="compact">
    /// Leave out the unit name and the second data set's cost (for narrow terminals):
    /// "<c>120/400 [███░░] J 0.5027  99.6%  test  98.3%  0.6s</c>".
    /// </param>
    /// <returns>The text, without a line break.</returns>
    public string Format(in EpochReport report, int barWidth, bool compact = false)
    {
        var text = new StringBuilder(120);
        if (!compact)
        {
            text.Append(unit).Append(' ');
        }

        text.Append(report.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(epochWidth)).Append('/')
            .Append(report.MaxEpochs.ToString(CultureInfo.InvariantCulture)).Append(' ');
        if (barWidth > 0)
        {
            int filled = (int)Math.Round((double)barWidth * report.Epoch / Math.Max(1, report.MaxEpochs));
            filled = Math.Clamp(filled, 0, barWidth);
            text.Append('[').Append('█', filled).Append('░', barWidth - filled).Append("] ");
        }

        text.Append("J ").Append(Cost(report.TrainingCost)).Append(compact ? " " : "  train ").Append(Percent(report.TrainingAccuracy));
        if (monitorName is not null)
        {
            text.Append("  ").Append(monitorName).Append(' ').Append(Percent(report.ValidationAccuracy));
            if (!compact)
            {
                text.Append(" J ").Append(Cost(report.ValidationCost));
            }
        }

        text.Append("  ").Append(report.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }

    /// <summary>A cost, compactly: four decimals for the usual range, fewer for large values, scientific for tiny ones.</summary>
    /// <param name="value">The cost.</param>
    /// <returns>The text.</returns>
    public static string Cost(double value) => !double.IsFinite(value)
        ? value.ToString(CultureInfo.InvariantCulture)
        : value.ToString(
            Math.Abs(value) switch
            {
                >= 1000 => "F0",
                >= 10 => "F2",
                >= 0.001 or 0.0 => "F4",
                _ => "0.00E+0",
            },
            CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with one decimal, right-aligned to 6 characters ("  9.7%", "100.0%").</summary>
    /// <param name="fraction">In [0, 1] (or NaN).</param>
    /// <returns>The text.</returns>
    public static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "   n/a" : (fraction * 100).ToString("F1", CultureInfo.InvariantCulture).PadLeft(5) + "%";

    private void Draw(in EpochReport report)
    {
        // Lines stay one character short of the terminal's width, so '\r' redraws never wrap. The
        // full line if it leaves room for a bar of 10, else the compact one, with the widest bar that fits.
        const int minimumBar = 10, maximumBar = 30;
        int room = terminalWidth - 1 - 3; // the brackets and the space after them
        bool compact = Format(report, 0).Length + minimumBar > room;
        int barWidth = Math.Clamp(room - Format(report, 0, compact).Length, 0, maximumBar);
        string line = Format(report, barWidth < 5 ? 0 : barWidth, compact);
        output.Write('\r');
        output.Write(line);
        if (line.Length < lastLength)
        {
            output.Write(new string(' ', lastLength - line.Length));
        }

        output.Flush();
        lastLength = line.Length;
        lastDrawn = report.Elapsed;
        lastShown = report.Epoch;
        lineOpen = true;
    }
}
