using System.Buffers.Binary;
using SpanNet.Networks;

namespace SpanNet.Models;

/// <summary>
/// The SpanNet model file (".spn"), format version 1. All integers and floats little-endian:
/// <code>
/// "SPNN"                      4 bytes, magic
/// version                     u16 = 1
/// flags                       u16 = 0 (reserved)
/// L                           u32, layer count, 2 … 64
/// s_1 … s_L                   u32 each, 1 … 2^20
/// scaling kind                u32: 0 none, 1 standardize, 2 min-max
/// P                           u64, must equal Σ s_{l+1}·(s_l + 1)
/// Θ(1), Θ(2), …               P × f32, row-major, column 0 the bias (the textbook layout)
/// scaling offsets, scales     2 × s_1 × f32, only when the kind is not 0
/// CRC-32                      u32 (IEEE) of every byte before it
/// </code>
/// Loading checks the magic, the version, every size and the exact file length before allocating
/// anything in proportion to the claimed sizes, then the checksum, then that every float is finite:
/// a truncated, forged or corrupted file gives <see cref="InvalidDataException"/>, never a crash or an
/// outsized allocation. Saving to a path writes a temporary file beside it and renames it into place,
/// so a crash never leaves a half-written model under the target name.
/// </summary>
public static class ModelFile
{
    /// <summary>The format version this library writes (and the newest it reads).</summary>
    public const ushort FormatVersion = 1;

    private const int FixedHeaderLength = 12;
    private static ReadOnlySpan<byte> Magic => "SPNN"u8;

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="stream">A writable stream, left open.</param>
    public static void Save(Model model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = Serialize(model);
        stream.Write(bytes);
        stream.Flush();
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The target path; its directory must exist. An existing file is replaced.</param>
    public static void Save(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".spn-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Save(model, file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Reads a model from <paramref name="path"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid SpanNet model; the message says what is wrong.</exception>
    public static Model Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(file);
    }

    /// <summary>Reads a model from <paramref name="stream"/> (from its current position to its end).</summary>
    /// <param name="stream">A readable stream, left open.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The data is not a valid SpanNet model; the message says what is wrong.</exception>
    public static Model Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> fixedHeader = stackalloc byte[FixedHeaderLength];
        ReadExactly(stream, fixedHeader, "the header");
        if (!fixedHeader[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a SpanNet model file (the magic bytes are not \"SPNN\").");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader[4..]);
        if (version == 0 || version > FormatVersion)
        {
            throw new InvalidDataException($"Model file format version {version} is not supported; this library reads versions 1 … {FormatVersion}.");
        }

        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader[6..]);
        if (flags != 0)
        {
            throw new InvalidDataException($"Unknown flags 0x{flags:X4} in the model header.");
        }

        uint layerCount = BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader[8..]);
        if (layerCount < 2 || layerCount > NetworkArchitecture.MaxLayers)
        {
            throw new InvalidDataException($"The model claims {layerCount} layers; a network has 2 … {NetworkArchitecture.MaxLayers}.");
        }

        Span<byte> sizeBytes = stackalloc byte[((int)layerCount * 4) + 12];
        ReadExactly(stream, sizeBytes, "the layer sizes");
        int[] sizes = new int[layerCount];
        for (int l = 0; l < sizes.Length; l++)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(sizeBytes[(l * 4)..]);
            if (size < 1 || size > NetworkArchitecture.MaxUnitsPerLayer)
            {
                throw new InvalidDataException($"Layer {l + 1} claims {size} units; a layer has 1 … {NetworkArchitecture.MaxUnitsPerLayer}.");
            }

            sizes[l] = (int)size;
        }

        NetworkArchitecture architecture;
        try
        {
            architecture = new NetworkArchitecture(sizes);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The model's layer sizes are not a valid network: {e.Message}", e);
        }

        uint kind = BinaryPrimitives.ReadUInt32LittleEndian(sizeBytes[(sizes.Length * 4)..]);
        if (kind > (uint)ScalingKind.MinMax)
        {
            throw new InvalidDataException($"Unknown input scaling kind {kind}.");
        }

        ulong parameterCount = BinaryPrimitives.ReadUInt64LittleEndian(sizeBytes[((sizes.Length * 4) + 4)..]);
        if (parameterCount != (ulong)architecture.ParameterCount)
        {
            throw new InvalidDataException($"The model claims {parameterCount} parameters but a {architecture} network has {architecture.ParameterCount}.");
        }

        long scalingFloats = kind == 0 ? 0 : 2L * architecture.InputCount;
        long bodyLength = ((architecture.ParameterCount + scalingFloats) * sizeof(float)) + sizeof(uint);

        byte[] body = ReadBody(stream, bodyLength);

        uint crc = Crc32.Append(Crc32.Append(0, fixedHeader), sizeBytes);
        crc = Crc32.Append(crc, body.AsSpan(0, body.Length - sizeof(uint)));
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(body.Length - sizeof(uint)));
        if (crc != stored)
        {
            throw new InvalidDataException($"The model file is corrupt: its checksum is 0x{stored:X8} but its contents give 0x{crc:X8}.");
        }

        float[] parameters = ReadFloats(body.AsSpan(0, architecture.ParameterCount * sizeof(float)), "parameter");
        FeatureScaling? scaling = null;
        if (kind != 0)
        {
            int offsetStart = architecture.ParameterCount * sizeof(float);
            int n = architecture.InputCount;
            float[] offsets = ReadFloats(body.AsSpan(offsetStart, n * sizeof(float)), "scaling offset");
            float[] scales = ReadFloats(body.AsSpan(offsetStart + (n * sizeof(float)), n * sizeof(float)), "scaling factor");
            scaling = FeatureScaling.FromParameters((ScalingKind)kind, offsets, scales);
        }

        return new Model(architecture, parameters, scaling);
    }

    private static byte[] Serialize(Model model)
    {
        NetworkArchitecture architecture = model.Architecture;
        FeatureScaling? scaling = model.Scaling is { Kind: not ScalingKind.None } s ? s : null;
        int headerLength = FixedHeaderLength + (architecture.LayerCount * 4) + 12;
        long floats = architecture.ParameterCount + (scaling is null ? 0 : 2L * architecture.InputCount);
        long total = headerLength + (floats * sizeof(float)) + sizeof(uint);
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"The model needs {total} bytes, more than one file buffer can hold.");
        }

        byte[] bytes = new byte[total];
        Span<byte> span = bytes;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)architecture.LayerCount);
        int position = FixedHeaderLength;
        foreach (int size in architecture.LayerSizes)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[position..], (uint)size);
            position += 4;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[position..], (uint)(scaling?.Kind ?? ScalingKind.None));
        BinaryPrimitives.WriteUInt64LittleEndian(span[(position + 4)..], (ulong)architecture.ParameterCount);
        position += 12;
        position = WriteFloats(span, position, model.Parameters);
        if (scaling is not null)
        {
            position = WriteFloats(span, position, scaling.Offset);
            position = WriteFloats(span, position, scaling.Scale);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[position..], Crc32.Append(0, span[..position]));
        return bytes;
    }

    private static int WriteFloats(Span<byte> destination, int position, ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[position..], v);
            position += sizeof(float);
        }

        return position;
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes, string what)
    {
        float[] values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"The model's {what} {i} is {values[i]}; stored values must be finite.");
            }
        }

        return values;
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> more bytes and checks the stream ends there. A seekable
    /// stream's length is checked before allocating; otherwise the buffer grows only with bytes
    /// actually received, so a forged size cannot force a large allocation.
    /// </summary>
    private static byte[] ReadBody(Stream stream, long length)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining != length)
            {
                throw new InvalidDataException(remaining < length
                    ? $"The model file is truncated: {remaining} bytes follow the header but the architecture needs {length}."
                    : $"The model file has {remaining - length} unexpected bytes after its end.");
            }

            byte[] exact = new byte[CheckedBufferLength(length)];
            ReadExactly(stream, exact, "the parameters");
            return exact;
        }

        using var received = new MemoryStream();
        byte[] chunk = new byte[81920];
        long wanted = Math.Min(length, Array.MaxLength);
        while (received.Length <= wanted)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, wanted + 1 - received.Length));
            if (read == 0)
            {
                break;
            }

            received.Write(chunk, 0, read);
        }

        if (received.Length == wanted && wanted < length)
        {
            CheckedBufferLength(length);
        }

        if (received.Length != length)
        {
            throw new InvalidDataException(received.Length < length
                ? $"The model data is truncated: {received.Length} bytes follow the header but the architecture needs {length}."
                : "The model data has unexpected bytes after its end.");
        }

        return received.ToArray();
    }

    private static int CheckedBufferLength(long length) =>
        length <= Array.MaxLength
            ? (int)length
            : throw new InvalidDataException($"The model needs {length} bytes, more than this loader reads into one buffer ({Array.MaxLength}).");

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                throw new InvalidDataException($"The model file is truncated in {what} (after {total} of {buffer.Length} bytes).");
            }

            total += read;
        }
    }
}
