using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SpanNet.Cli.Infrastructure;

/// <summary>
/// JSON results written with <see cref="Utf8JsonWriter"/> (no reflection, so it is trim- and
/// Native-AOT-safe): one compact object per line on stdout. Only what JSON requires is escaped
/// (the output is for programs and terminals, not HTML), so "+" and "λ" stay readable.
/// </summary>
public static class JsonOutput
{
    /// <summary>Writes one JSON object built by <paramref name="body"/> as a line to <paramref name="output"/>.</summary>
    /// <param name="output">The writer (stdout).</param>
    /// <param name="body">Writes the object's properties (the braces are written here).</param>
    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Writes a number, or null when it is NaN or infinite (JSON has no such numbers).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
