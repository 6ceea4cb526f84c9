using System.Buffers.Binary;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Tests.Models;

/// <summary>CRC-32 (IEEE, reflected 0xEDB88320), written independently of the library's, for forging files.</summary>
internal static class TestCrc32
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>A copy of <paramref name="file"/> whose last four bytes are rewritten as the CRC of the rest.</summary>
    public static byte[] Refresh(byte[] file)
    {
        byte[] copy = (byte[])file.Clone();
        if (copy.Length >= 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(copy.Length - 4), Compute(copy.AsSpan(0, copy.Length - 4)));
        }

        return copy;
    }
}

/// <summary>Builds model files field by field, straight from the format description, so any field can be forged.</summary>
internal sealed class ForgedFile
{
    public byte[] Magic { get; set; } = "SPNN"u8.ToArray();

    public ushort Version { get; set; } = 1;

    public ushort Flags { get; set; }

    /// <summary>The stored layer count; null means the length of <see cref="Sizes"/>.</summary>
    public uint? LayerCount { get; set; }

    public uint[] Sizes { get; set; } = [2, 1];

    public uint Kind { get; set; }

    /// <summary>The stored parameter count; null means the true count for <see cref="Sizes"/>.</summary>
    public ulong? ParameterCount { get; set; }

    /// <summary>The raw body floats (parameters, then offsets and scales); null means a deterministic valid body.</summary>
    public float[]? Body { get; set; }

    /// <summary>The stored checksum; null means the correct one.</summary>
    public uint? Crc { get; set; }

    public static ulong TrueParameterCount(uint[] sizes)
    {
        ulong total = 0;
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            total += (ulong)sizes[l + 1] * (sizes[l] + 1UL);
        }

        return total;
    }

    public static ForgedFile Of(Model model)
    {
        var file = new ForgedFile
        {
            Sizes = [.. model.Architecture.LayerSizes.ToArray().Select(s => (uint)s)],
            Kind = (uint)(model.Scaling?.Kind ?? ScalingKind.None),
        };
        List<float> body = [.. model.Parameters.ToArray()];
        if (file.Kind != 0)
        {
            body.AddRange(model.Scaling!.Offset.ToArray());
            body.AddRange(model.Scaling!.Scale.ToArray());
        }

        file.Body = [.. body];
        return file;
    }

    public byte[] ToBytes()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Magic);
        AddLittleEndian(bytes, Version, 2);
        AddLittleEndian(bytes, Flags, 2);
        AddLittleEndian(bytes, LayerCount ?? (uint)Sizes.Length, 4);
        foreach (uint s in Sizes)
        {
            AddLittleEndian(bytes, s, 4);
        }

        AddLittleEndian(bytes, Kind, 4);
        AddLittleEndian(bytes, ParameterCount ?? TrueParameterCount(Sizes), 8);
        float[] body = Body ?? DefaultBody();
        foreach (float f in body)
        {
            AddLittleEndian(bytes, (uint)BitConverter.SingleToInt32Bits(f), 4);
        }

        AddLittleEndian(bytes, Crc ?? TestCrc32.Compute([.. bytes]), 4);
        return [.. bytes];
    }

    private float[] DefaultBody()
    {
        ulong p = TrueParameterCount(Sizes);
        ulong scaling = Kind is 1 or 2 ? 2UL * Sizes[0] : 0;
        if (p + scaling > 1_000_000)
        {
            throw new InvalidOperationException("Give an explicit body for a forged file claiming a large network.");
        }

        float[] body = new float[p + scaling];
        for (int i = 0; i < body.Length; i++)
        {
            body[i] = i < (int)p ? MathF.Sin(i + 1) : 1f + (i * 0.25f);
        }

        return body;
    }

    private static void AddLittleEndian(List<byte> bytes, ulong value, int count)
    {
        for (int i = 0; i < count; i++)
        {
            bytes.Add((byte)(value >> (8 * i)));
        }
    }
}

/// <summary>A read-only stream over bytes that cannot seek or report its length, optionally returning at most a few bytes per read.</summary>
internal sealed class NonSeekableStream(byte[] data, int maxChunk = int.MaxValue) : Stream
{
    private int position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, maxChunk), data.Length - position);
        data.AsSpan(position, n).CopyTo(buffer);
        position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A non-seekable stream that produces a header and then a long run of filler bytes without holding them in memory.</summary>
internal sealed class GeneratedStream(byte[] prefix, long fillerLength) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long total = prefix.Length + fillerLength;
        int n = (int)Math.Min(buffer.Length, total - position);
        for (int i = 0; i < n; i++)
        {
            long at = position + i;
            buffer[i] = at < prefix.Length ? prefix[at] : (byte)0x3C;
        }

        position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A fresh directory under the system temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("spannet-models-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Everything in the directory (files and folders, names only), sorted.</summary>
    public string[] Entries() => [.. Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order()!];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class ModelAssert
{
    public static Model RandomModel(NetworkArchitecture architecture, ulong seed, ScalingKind kind)
    {
        Network network = Network.CreateRandom(architecture, seed);
        if (kind == ScalingKind.None)
        {
            return new Model(network);
        }

        var random = new Random((int)seed);
        int n = architecture.InputCount, m = 17;
        float[] features = new float[m * n];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)((random.NextDouble() * 20) - 5) * ((i % n) + 1);
        }

        return new Model(network, FeatureScaling.Learn(kind, features, n));
    }

    public static byte[] Save(Model model)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        return stream.ToArray();
    }

    public static Model Load(byte[] bytes) => ModelFile.Load(new MemoryStream(bytes, writable: false));

    public static bool BitEqual(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same architecture, bit-identical parameters and the same effective scaling (kind None counts as no scaling).</summary>
    public static void Equivalent(Model expected, Model actual)
    {
        Assert.Equal(expected.Architecture, actual.Architecture);
        Assert.True(BitEqual(expected.Parameters, actual.Parameters), "parameters differ");
        FeatureScaling? e = expected.Scaling is { Kind: not ScalingKind.None } se ? se : null;
        FeatureScaling? a = actual.Scaling is { Kind: not ScalingKind.None } sa ? sa : null;
        Assert.Equal(e is null, a is null);
        if (e is not null)
        {
            Assert.Equal(e.Kind, a!.Kind);
            Assert.True(BitEqual(e.Offset, a.Offset), "scaling offsets differ");
            Assert.True(BitEqual(e.Scale, a.Scale), "scaling factors differ");
        }
    }

    /// <summary>Loads through a seekable, a non-seekable and a one-byte-at-a-time stream; each must reject the data with InvalidDataException.</summary>
    /// <returns>The message from the seekable load.</returns>
    public static string Rejected(byte[] file)
    {
        string message = Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MemoryStream(file, writable: false))).Message;
        Assert.Throws<InvalidDataException>(() => ModelFile.Load(new NonSeekableStream(file)));
        Assert.Throws<InvalidDataException>(() => ModelFile.Load(new NonSeekableStream(file, maxChunk: 1)));
        return message;
    }

    /// <summary>Bytes allocated on this thread while <paramref name="action"/> runs; it is expected to throw InvalidDataException.</summary>
    public static long AllocatedWhileRejecting(Func<Stream> open)
    {
        Stream stream = open();
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            ModelFile.Load(stream);
        }
        catch (InvalidDataException)
        {
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Fail("The forged data was accepted.");
        return 0;
    }
}
