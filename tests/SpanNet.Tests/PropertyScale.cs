namespace SpanNet.Tests;

/// <summary>
/// How many cases a property runs: the default, scaled by SPANNET_PROPERTY_SCALE (a positive
/// number; CI lowers it under ARM64 emulation, where the same code runs tens of times slower).
/// </summary>
internal static class PropertyScale
{
    public static int Cases(int standard)
    {
        string? text = Environment.GetEnvironmentVariable("SPANNET_PROPERTY_SCALE");
        double scale = double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 ? s : 1;
        return Math.Max(10, (int)(standard * scale));
    }
}
