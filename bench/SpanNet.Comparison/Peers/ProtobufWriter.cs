using System.Buffers.Binary;
using System.Text;

namespace SpanNet.Comparison.Peers;

/// <summary>
/// The few protobuf wire-format pieces an ONNX model needs: varints (wire type 0), and
/// length-delimited strings, bytes, packed arrays and nested messages (wire type 2). A nested
/// message is written by a callback into its own writer, then copied in behind its length.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int Varint = 0;
    private const int LengthDelimited = 2;

    private readonly MemoryStream stream = new();

    public byte[] ToArray() => stream.ToArray();

    /// <summary>An int32/int64/enum field (negative values take ten bytes, as protobuf's int64 does).</summary>
    public ProtobufWriter Int64(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        stream.Write(value);
        return this;
    }

    /// <summary>Floats as little-endian IEEE 754 bytes (ONNX's TensorProto.raw_data layout).</summary>
    public ProtobufWriter FloatsAsBytes(int field, ReadOnlySpan<float> values)
    {
        byte[] bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return Bytes(field, bytes);
    }

    /// <summary>An embedded message field, written by <paramref name="write"/>.</summary>
    public ProtobufWriter Message(int field, Action<ProtobufWriter> write)
    {
        var inner = new ProtobufWriter();
        write(inner);
        return Bytes(field, inner.ToArray());
    }

    private void Tag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
