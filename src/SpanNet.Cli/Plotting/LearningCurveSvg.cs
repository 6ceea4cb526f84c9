using System.Globalization;
using System.Text;
using SpanNet.Training;

namespace SpanNet.Cli.Plotting;

/// <summary>What a learning-curve chart shows.</summary>
/// <param name="Title">The chart title (architecture, optimizer, λ).</param>
/// <param name="Subtitle">One line under it (data, scaling, seed, time).</param>
/// <param name="Unit">"iteration" or "epoch": the x axis.</param>
/// <param name="Epochs">The trainer's per-epoch reports, in order.</param>
/// <param name="MonitorName">"test" or "validation" when the reports carry a second data set's cost and accuracy, else null.</param>
/// <param name="MarkedEpoch">An epoch to mark with a vertical line (the best one, with early stopping), or null.</param>
/// <param name="MarkLabel">The mark's label.</param>
internal sealed record LearningCurve(
    string Title,
    string Subtitle,
    string Unit,
    IReadOnlyList<EpochReport> Epochs,
    string? MonitorName,
    int? MarkedEpoch = null,
    string? MarkLabel = null);

/// <summary>
/// Renders a <see cref="LearningCurve"/> as a self-contained SVG: a cost panel (log scale when the
/// cost spans a decade or more) above an accuracy panel, sharing the epoch axis, with ticks, grid,
/// axis titles, a legend and the final values at the ends of the lines. Hand-written XML with
/// invariant-culture numbers, so the file is the same on every machine.
/// </summary>
internal static class LearningCurveSvg
{
    private const double Width = 900, Height = 656;
    private const double Left = 84, Right = 820;
    private const double CostTop = 104, CostBottom = 384;
    private const double AccuracyTop = 420, AccuracyBottom = 570;
    private const int MaxPoints = 1500;

    private const string TrainingColor = "#2563eb";
    private const string MonitorColor = "#ea580c";
    private const string TextColor = "#1f2937";
    private const string MutedColor = "#6b7280";
    private const string GridColor = "#e5e7eb";
    private const string AxisColor = "#9ca3af";
    private const string Font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    /// <summary>The SVG document.</summary>
    /// <param name="curve">What to draw.</param>
    /// <returns>The text (UTF-8 when written).</returns>
    public static string Render(LearningCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        IReadOnlyList<EpochReport> epochs = curve.Epochs;
        var svg = new StringBuilder(64 * 1024);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" font-family=\"{Font}\" font-size=\"12\" fill=\"{TextColor}\">\n");
        svg.Append("<title>").Append(Escape(curve.Title)).Append("</title>\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<defs><clipPath id=\"cost-panel\"><rect x=\"{N(Left - 4)}\" y=\"{N(CostTop - 4)}\" width=\"{N(Right - Left + 8)}\" height=\"{N(CostBottom - CostTop + 8)}\"/></clipPath>");
        svg.Append(CultureInfo.InvariantCulture, $"<clipPath id=\"accuracy-panel\"><rect x=\"{N(Left - 4)}\" y=\"{N(AccuracyTop - 4)}\" width=\"{N(Right - Left + 8)}\" height=\"{N(AccuracyBottom - AccuracyTop + 4)}\"/></clipPath></defs>\n");
        Text(svg, Left, 36, curve.Title, size: 19, weight: "600");
        Text(svg, Left, 60, curve.Subtitle, size: 13, color: MutedColor);

        if (epochs.Count == 0)
        {
            Text(svg, Width / 2, (CostTop + AccuracyBottom) / 2, "no epochs were run", size: 14, color: MutedColor, anchor: "middle");
            return svg.Append("</svg>\n").ToString();
        }

        bool monitor = curve.MonitorName is not null;
        int lastEpoch = epochs[^1].Epoch;
        (double xMax, double xStep) = NiceRange(0, Math.Max(1, lastEpoch), 8);
        double X(double epoch) => Left + ((Right - Left) * epoch / xMax);

        // The cost panel.
        var costs = new List<double>();
        foreach (EpochReport r in epochs)
        {
            AddFinite(costs, r.TrainingCost);
            if (monitor)
            {
                AddFinite(costs, r.ValidationCost);
            }
        }

        double costMin = costs.Count > 0 ? costs.Min() : 0, costMax = costs.Count > 0 ? costs.Max() : 1;
        bool logScale = costMin > 0 && costMax / costMin >= 10;
        Axis costAxis = logScale ? LogAxis(costMin, costMax, CostTop, CostBottom) : LinearAxis(Math.Min(0, costMin), costMax, CostTop, CostBottom, 5);
        Axis accuracyAxis = AccuracyAxis(epochs, monitor);

        svg.Append("<g id=\"grid\" stroke=\"").Append(GridColor).Append("\" stroke-width=\"1\">\n");
        foreach ((double value, _) in costAxis.Ticks)
        {
            HorizontalLine(svg, costAxis.Y(value));
        }

        foreach ((double value, _) in accuracyAxis.Ticks)
        {
            HorizontalLine(svg, accuracyAxis.Y(value));
        }

        for (double e = 0; e <= xMax + (xStep / 2); e += xStep)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(e))}\" y1=\"{N(CostTop)}\" x2=\"{N(X(e))}\" y2=\"{N(CostBottom)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(e))}\" y1=\"{N(AccuracyTop)}\" x2=\"{N(X(e))}\" y2=\"{N(AccuracyBottom)}\"/>\n");
        }

        svg.Append("</g>\n");

        // Axes: frame lines, tick labels, titles.
        svg.Append("<g id=\"axes\">\n");
        Frame(svg, CostTop, CostBottom);
        Frame(svg, AccuracyTop, AccuracyBottom);
        foreach ((double value, string? label) in costAxis.Ticks)
        {
            if (label is not null)
            {
                Text(svg, Left - 8, costAxis.Y(value) + 4, label, anchor: "end", color: MutedColor);
            }
        }

        foreach ((double value, string? label) in accuracyAxis.Ticks)
        {
            if (label is not null)
            {
                Text(svg, Left - 8, accuracyAxis.Y(value) + 4, label, anchor: "end", color: MutedColor);
            }
        }

        for (double e = 0; e <= xMax + (xStep / 2); e += xStep)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(e))}\" y1=\"{N(AccuracyBottom)}\" x2=\"{N(X(e))}\" y2=\"{N(AccuracyBottom + 5)}\" stroke=\"{AxisColor}\"/>\n");
            Text(svg, X(e), AccuracyBottom + 20, Label(e), anchor: "middle", color: MutedColor);
        }

        Text(svg, (Left + Right) / 2, AccuracyBottom + 46, curve.Unit, anchor: "middle", size: 13);
        VerticalTitle(svg, 24, (CostTop + CostBottom) / 2, logScale ? "cost J (log scale)" : "cost J");
        VerticalTitle(svg, 24, (AccuracyTop + AccuracyBottom) / 2, "accuracy");
        svg.Append("</g>\n");

        // The mark (best epoch).
        if (curve.MarkedEpoch is int mark && mark >= 1 && mark <= xMax)
        {
            double x = X(mark);
            svg.Append(CultureInfo.InvariantCulture, $"<g id=\"mark\" stroke=\"{MutedColor}\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\">");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(CostTop)}\" x2=\"{N(x)}\" y2=\"{N(CostBottom)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(AccuracyTop)}\" x2=\"{N(x)}\" y2=\"{N(AccuracyBottom)}\"/></g>\n");
            bool leftSide = x > (Left + Right) / 2;
            Text(svg, leftSide ? x - 6 : x + 6, CostTop + 16, curve.MarkLabel ?? $"epoch {mark}", anchor: leftSide ? "end" : "start", color: MutedColor);
        }

        // The lines: cost above, accuracy below; training first so the monitored set is drawn on top.
        var ends = new List<(double X, double Y, string Text, string Color, bool Cost)>();
        DrawSeries(svg, "training-cost", epochs, r => r.TrainingCost, X, costAxis, TrainingColor, ends, cost: true);
        DrawSeries(svg, "training-accuracy", epochs, r => r.TrainingAccuracy, X, accuracyAxis, TrainingColor, ends, cost: false);
        if (monitor)
        {
            DrawSeries(svg, curve.MonitorName + "-cost", epochs, r => r.ValidationCost, X, costAxis, MonitorColor, ends, cost: true);
            DrawSeries(svg, curve.MonitorName + "-accuracy", epochs, r => r.ValidationAccuracy, X, accuracyAxis, MonitorColor, ends, cost: false);
        }

        EndLabels(svg, ends.Where(e => e.Cost).ToList(), CostTop, CostBottom);
        EndLabels(svg, ends.Where(e => !e.Cost).ToList(), AccuracyTop, AccuracyBottom);

        Legend(svg, curve.MonitorName);
        if (monitor)
        {
            Text(
                svg,
                Left,
                Height - 12,
                $"Training cost is the optimized J, with the λ term (λ/2m)·ΣΘ²; {curve.MonitorName} cost is the plain cross-entropy (λ = 0).",
                size: 11,
                color: MutedColor);
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>A y axis: value → pixel, and its ticks (label null = grid line only).</summary>
    private sealed record Axis(Func<double, double> Y, List<(double Value, string? Label)> Ticks);

    private static Axis LinearAxis(double min, double max, double top, double bottom, int ticks)
    {
        if (!(max > min))
        {
            max = min + 1;
        }

        (double step, double lo, double hi) = NiceLinear(min, max, ticks);
        var list = new List<(double, string?)>();
        for (double v = lo; v <= hi + (step / 2); v += step)
        {
            list.Add((v, Label(v)));
        }

        return new Axis(v => bottom - ((bottom - top) * (v - lo) / (hi - lo)), list);
    }

    private static (double Step, double Low, double High) NiceLinear(double min, double max, int ticks)
    {
        double step = NiceStep((max - min) / ticks);
        double lo = Math.Floor(min / step) * step, hi = Math.Ceiling(max / step) * step;
        if (hi <= lo)
        {
            hi = lo + step;
        }

        return (step, lo, hi);
    }

    /// <summary>A log axis from the largest 1-2-5 value ≤ min to the smallest ≥ max.</summary>
    private static Axis LogAxis(double min, double max, double top, double bottom)
    {
        double lo = NiceLogFloor(min), hi = NiceLogCeiling(max);
        double logLo = Math.Log10(lo), logHi = Math.Log10(hi);
        var values = new List<double>();
        for (int k = (int)Math.Floor(logLo) - 1; k <= (int)Math.Ceiling(logHi) + 1; k++)
        {
            foreach (double m in (ReadOnlySpan<double>)[1, 2, 5])
            {
                double v = m * Math.Pow(10, k);
                if (v >= lo * 0.999 && v <= hi * 1.001)
                {
                    values.Add(v);
                }
            }
        }

        bool labelAll = values.Count <= 9;
        var list = values.Select(v => (v, labelAll || IsPowerOfTen(v) ? Label(v) : null)).ToList();
        return new Axis(v => bottom - ((bottom - top) * (Math.Log10(v) - logLo) / (logHi - logLo)), list);
    }

    /// <summary>
    /// Up to 100%, from a lower bound that ignores the first tenth of the run: accuracy usually
    /// climbs fast and then creeps, and the end (the gap between training and held-out accuracy) is
    /// what matters. The fast climb stays visible in the cost panel; here it enters from the bottom.
    /// </summary>
    private static Axis AccuracyAxis(IReadOnlyList<EpochReport> epochs, bool monitor)
    {
        double min = 1;
        int skip = epochs.Count >= 10 ? epochs.Count / 10 : 0;
        for (int i = skip; i < epochs.Count; i++)
        {
            EpochReport r = epochs[i];
            if (double.IsFinite(r.TrainingAccuracy))
            {
                min = Math.Min(min, r.TrainingAccuracy);
            }

            if (monitor && double.IsFinite(r.ValidationAccuracy))
            {
                min = Math.Min(min, r.ValidationAccuracy);
            }
        }

        double lo = Math.Clamp(Math.Floor((min - 0.01) * 20) / 20, 0, 0.95);
        double range = 1 - lo;
        double step = range <= 0.05 ? 0.01 : range <= 0.1 ? 0.02 : range <= 0.25 ? 0.05 : range <= 0.5 ? 0.1 : 0.2;
        lo = 1 - (Math.Ceiling((range / step) - 1e-9) * step);
        var ticks = new List<(double, string?)>();
        for (double v = 1; v >= lo - (step / 2); v -= step)
        {
            double rounded = Math.Round(v, 6);
            ticks.Add((rounded, (rounded * 100).ToString("0", CultureInfo.InvariantCulture) + "%"));
        }

        ticks.Reverse();
        return new Axis(v => AccuracyBottom - ((AccuracyBottom - AccuracyTop) * (v - lo) / (1 - lo)), ticks);
    }

    private static void DrawSeries(
        StringBuilder svg,
        string id,
        IReadOnlyList<EpochReport> epochs,
        Func<EpochReport, double> value,
        Func<double, double> x,
        Axis axis,
        string color,
        List<(double X, double Y, string Text, string Color, bool Cost)> ends,
        bool cost)
    {
        int stride = Math.Max(1, (epochs.Count + MaxPoints - 1) / MaxPoints);
        var points = new StringBuilder();
        int count = 0;
        double lastY = double.NaN, lastValue = double.NaN, lastX = double.NaN;
        for (int i = 0; i < epochs.Count; i++)
        {
            if (i % stride != 0 && i != epochs.Count - 1)
            {
                continue;
            }

            double v = value(epochs[i]);
            if (!double.IsFinite(v) || (cost && v <= 0 && axis.Ticks.Count > 0 && axis.Ticks[0].Value > 0))
            {
                continue;
            }

            double px = x(epochs[i].Epoch), py = axis.Y(v);
            points.Append(count == 0 ? string.Empty : " ").Append(N(px)).Append(',').Append(N(py));
            count++;
            lastX = px;
            lastY = py;
            lastValue = v;
        }

        if (count == 0)
        {
            return;
        }

        string dash = cost ? string.Empty : " stroke-dasharray=\"7 3\"";
        string clip = cost ? "cost-panel" : "accuracy-panel";
        svg.Append(CultureInfo.InvariantCulture, $"<polyline id=\"{Escape(id)}\" clip-path=\"url(#{clip})\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash} points=\"{points}\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(lastX)}\" cy=\"{N(lastY)}\" r=\"3\" fill=\"{color}\"/>\n");
        string text = cost ? FormatCost(lastValue) : (lastValue * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
        ends.Add((lastX, lastY, text, color, cost));
    }

    /// <summary>Final values at the right of the panel, pushed apart so they never overlap.</summary>
    private static void EndLabels(StringBuilder svg, List<(double X, double Y, string Text, string Color, bool Cost)> labels, double top, double bottom)
    {
        labels.Sort((a, b) => a.Y.CompareTo(b.Y));
        const double gap = 15;
        var ys = labels.Select(l => Math.Clamp(l.Y, top + 6, bottom - 2)).ToArray();
        for (int i = 1; i < ys.Length; i++)
        {
            ys[i] = Math.Max(ys[i], ys[i - 1] + gap);
        }

        for (int i = ys.Length - 2; i >= 0; i--)
        {
            if (ys[^1] > bottom)
            {
                ys[i] = Math.Min(ys[i], ys[i + 1] - gap);
            }
        }

        if (ys.Length > 0 && ys[^1] > bottom)
        {
            double shift = ys[^1] - bottom;
            for (int i = 0; i < ys.Length; i++)
            {
                ys[i] -= shift;
            }
        }

        double x = labels.Count == 0 ? Right : labels.Max(l => l.X);
        for (int i = 0; i < labels.Count; i++)
        {
            Text(svg, x + 8, ys[i] + 4, labels[i].Text, color: labels[i].Color, weight: "600");
        }
    }

    private static void Legend(StringBuilder svg, string? monitorName)
    {
        // Above the cost panel, right-aligned: colours name the data sets, the dash pattern the quantity.
        var items = new List<(string Label, string Color, bool Dashed)> { ("training", TrainingColor, false) };
        if (monitorName is not null)
        {
            items.Add((monitorName, MonitorColor, false));
        }

        items.Add(("cost", MutedColor, false));
        items.Add(("accuracy", MutedColor, true));
        double x = Right;
        var parts = new List<string>();
        for (int i = items.Count - 1; i >= 0; i--)
        {
            (string label, string color, bool dashed) = items[i];
            double textWidth = label.Length * 7.0;
            double textX = x - textWidth;
            double lineX = textX - 30;
            string dash = dashed ? " stroke-dasharray=\"7 3\"" : string.Empty;
            parts.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"<line x1=\"{N(lineX)}\" y1=\"{N(CostTop - 18)}\" x2=\"{N(lineX + 24)}\" y2=\"{N(CostTop - 18)}\" stroke=\"{color}\" stroke-width=\"{(i < items.Count - 2 ? "3" : "2")}\"{dash}/>"
                + $"<text x=\"{N(textX)}\" y=\"{N(CostTop - 14)}\" font-size=\"12\">{Escape(label)}</text>"));
            x = lineX - (i == items.Count - 2 ? 34 : 16);
        }

        parts.Reverse();
        svg.Append("<g id=\"legend\">").AppendJoin(string.Empty, parts).Append("</g>\n");
    }

    private static void Frame(StringBuilder svg, double top, double bottom) =>
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(Left)}\" y=\"{N(top)}\" width=\"{N(Right - Left)}\" height=\"{N(bottom - top)}\" fill=\"none\" stroke=\"{AxisColor}\" stroke-width=\"1\"/>\n");

    private static void HorizontalLine(StringBuilder svg, double y) =>
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(y)}\" x2=\"{N(Right)}\" y2=\"{N(y)}\"/>\n");

    private static void Text(StringBuilder svg, double x, double y, string text, double size = 12, string? color = null, string anchor = "start", string? weight = null)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\"");
        if (size != 12)
        {
            svg.Append(CultureInfo.InvariantCulture, $" font-size=\"{N(size)}\"");
        }

        if (color is not null)
        {
            svg.Append(" fill=\"").Append(color).Append('"');
        }

        if (anchor != "start")
        {
            svg.Append(" text-anchor=\"").Append(anchor).Append('"');
        }

        if (weight is not null)
        {
            svg.Append(" font-weight=\"").Append(weight).Append('"');
        }

        svg.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    private static void VerticalTitle(StringBuilder svg, double x, double y, string text) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 {N(x)} {N(y)})\">{Escape(text)}</text>\n");

    private static (double Max, double Step) NiceRange(double min, double max, int ticks)
    {
        double step = NiceStep((max - min) / ticks);
        step = Math.Max(step, 1); // whole epochs
        return (Math.Ceiling(max / step) * step, step);
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough))
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static double NiceLogFloor(double value)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        double m = value / power;
        return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * power;
    }

    private static double NiceLogCeiling(double value)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        double m = value / power;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
    }

    private static bool IsPowerOfTen(double value)
    {
        double log = Math.Log10(value);
        return Math.Abs(log - Math.Round(log)) < 1e-9;
    }

    private static void AddFinite(List<double> values, double value)
    {
        if (double.IsFinite(value))
        {
            values.Add(value);
        }
    }

    /// <summary>A tick label: up to 6 significant digits, no float noise ("0.3", not "0.30000000000000004").</summary>
    private static string Label(double value) => Math.Round(value, 10).ToString("0.######", CultureInfo.InvariantCulture) switch
    {
        "-0" => "0",
        string s => s,
    };

    private static string FormatCost(double value) => value.ToString(Math.Abs(value) >= 10 ? "F2" : Math.Abs(value) >= 0.001 ? "F4" : "0.00E+0", CultureInfo.InvariantCulture);

    /// <summary>A coordinate with at most two decimals, invariant culture.</summary>
    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);
}
