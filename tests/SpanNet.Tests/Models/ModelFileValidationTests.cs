using System.Buffers.Binary;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Tests.Models;

/// <summary>Every way a model file can be wrong gives InvalidDataException, before anything is allocated in proportion to claimed sizes.</summary>
public class ModelFileValidationTests
{
    /// <summary>Budget for rejecting a forged header from a seekable stream (the exception itself included).</summary>
    private const long HeaderBudget = 16 * 1024;

    /// <summary>Budget for a non-seekable stream: the reader's fixed 80 KiB copy buffer plus room for the exception.</summary>
    private const long NonSeekableFixedBudget = 128 * 1024;

    public static TheoryData<string, byte[]> SmallValidFiles() => new()
    {
        { "2-1 none", ModelAssert.Save(ModelAssert.RandomModel(new NetworkArchitecture(2, 1), 1, ScalingKind.None)) },
        { "3-2 standardize", ModelAssert.Save(ModelAssert.RandomModel(new NetworkArchitecture(3, 2), 2, ScalingKind.Standardize)) },
        { "2-2-1 minmax", ModelAssert.Save(ModelAssert.RandomModel(new NetworkArchitecture(2, 2, 1), 3, ScalingKind.MinMax)) },
    };

    [Fact]
    public void AForgedButValidFileIsAccepted()
    {
        // The forging helper is right: the defaults with a valid CRC load.
        Model model = ModelAssert.Load(new ForgedFile { Sizes = [3, 2, 2], Kind = 1 }.ToBytes());
        Assert.Equal(new NetworkArchitecture(3, 2, 2), model.Architecture);
        Assert.Equal(ScalingKind.Standardize, model.Scaling!.Kind);
    }

    [Theory]
    [InlineData("SPNM")]
    [InlineData("spnn")]
    [InlineData("NNPS")]
    [InlineData("\0\0\0\0")]
    public void WrongMagicIsRejected(string magic)
    {
        byte[] file = new ForgedFile { Magic = [.. magic.Select(c => (byte)c)] }.ToBytes();
        Assert.Contains("magic", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(256)]
    [InlineData(65535)]
    public void UnsupportedVersionsAreRejected(int version)
    {
        byte[] file = new ForgedFile { Version = (ushort)version }.ToBytes();
        Assert.Contains("version", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0x8000)]
    [InlineData(0xFFFF)]
    public void NonzeroFlagsAreRejected(int flags)
    {
        byte[] file = new ForgedFile { Flags = (ushort)flags }.ToBytes();
        Assert.Contains("flags", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(65u)]
    [InlineData(1000u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    public void LayerCountsOutsideTwoToSixtyFourAreRejectedBeforeAllocating(uint layerCount)
    {
        // The stored count disagrees with the sizes that follow; it must be rejected on its own.
        byte[] file = new ForgedFile { LayerCount = layerCount, Sizes = [3, 2] }.ToBytes();
        Assert.Contains("layers", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
        AssertCheapRejection(file);
    }

    [Fact]
    public void ALayerCountLargerThanTheSizesProvidedIsRejected()
    {
        // Claims 64 layers but the file ends long before 64 sizes.
        byte[] file = new ForgedFile { LayerCount = 64, Sizes = [3, 2] }.ToBytes();
        ModelAssert.Rejected(file);
        AssertCheapRejection(file);
        ModelAssert.Rejected(new ForgedFile { LayerCount = 3, Sizes = [3, 2] }.ToBytes());
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(1, 0u)]
    [InlineData(2, 0u)]
    [InlineData(0, (1u << 20) + 1)]
    [InlineData(2, (1u << 20) + 1)]
    [InlineData(1, 0x80000000u)]
    [InlineData(1, 0xFFFFFFFFu)]
    public void LayerSizesOutsideOneToTwoToTheTwentyAreRejected(int layer, uint size)
    {
        uint[] sizes = [4, 3, 2];
        sizes[layer] = size;
        byte[] file = new ForgedFile { Sizes = sizes, Body = [] }.ToBytes();
        Assert.Contains("units", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
        AssertCheapRejection(file);
    }

    [Theory]
    [InlineData(new uint[] { 1 << 20, 1 << 20 })]
    [InlineData(new uint[] { 1 << 20, 1 << 20, 1 << 20 })]
    [InlineData(new uint[] { 1024, 1 << 20 })]
    [InlineData(new uint[] { 1, 1 << 20, 1 << 20, 1 })]
    public void ArchitecturesBeyondTheParameterLimitAreRejectedWithoutAllocating(uint[] sizes)
    {
        ulong p = ForgedFile.TrueParameterCount(sizes);
        Assert.True(p > NetworkArchitecture.MaxParameterCount);
        byte[] file = new ForgedFile { Sizes = sizes, ParameterCount = p, Body = [1f, 2f] }.ToBytes();
        ModelAssert.Rejected(file);
        AssertCheapRejection(file);
    }

    [Fact]
    public void SixtyFourHugeLayersAreRejectedWithoutAllocating()
    {
        uint[] sizes = [.. Enumerable.Repeat(1u << 20, 64)];
        byte[] file = new ForgedFile { Sizes = sizes, ParameterCount = ulong.MaxValue, Body = [] }.ToBytes();
        ModelAssert.Rejected(file);
        AssertCheapRejection(file);
    }

    [Theory]
    [InlineData(new uint[] { 1023, 1 << 20 }, 0u)] // exactly 2^30 parameters: 4 GiB claimed
    [InlineData(new uint[] { 1023, 1 << 20 }, 1u)]
    [InlineData(new uint[] { 1 << 20, 1023, 1 }, 2u)]
    [InlineData(new uint[] { 5000, 5000, 5000 }, 0u)]
    [InlineData(new uint[] { 1000, 1000, 1000, 1000, 1000, 10 }, 0u)]
    public void ATinyFileClaimingAHugeValidNetworkFailsFastWithoutAllocating(uint[] sizes, uint kind)
    {
        Assert.True(ForgedFile.TrueParameterCount(sizes) <= NetworkArchitecture.MaxParameterCount);
        byte[] file = new ForgedFile { Sizes = sizes, Kind = kind, Body = [1f, 2f, 3f] }.ToBytes();
        Assert.Contains("truncated", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
        AssertCheapRejection(file);
    }

    [Fact]
    public void ANonSeekableStreamClaimingAHugeNetworkAllocatesOnlyInProportionToTheBytesItProvides()
    {
        byte[] header = new ForgedFile { Sizes = [1023, 1 << 20], Body = [] }.ToBytes()[..^4];
        ModelAssert.AllocatedWhileRejecting(() => new GeneratedStream(header, 10)); // warm up
        foreach (long provided in new long[] { 0, 10, 1000, 100_000, 1 << 20 })
        {
            long allocated = ModelAssert.AllocatedWhileRejecting(() => new GeneratedStream(header, provided));
            Assert.True(allocated <= NonSeekableFixedBudget + (4 * provided), $"{allocated} bytes allocated for {provided} bytes provided");
        }
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1L)]
    [InlineData(1L << 32)] // same low 32 bits as the true count
    [InlineData(1L << 40)]
    public void ParameterCountMismatchesAreRejected(long delta)
    {
        uint[] sizes = [4, 3, 2];
        ulong p = (ulong)((long)ForgedFile.TrueParameterCount(sizes) + delta);
        byte[] file = new ForgedFile { Sizes = sizes, ParameterCount = p }.ToBytes();
        Assert.Contains("parameters", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
        ModelAssert.Rejected(new ForgedFile { Sizes = sizes, ParameterCount = 0 }.ToBytes());
        ModelAssert.Rejected(new ForgedFile { Sizes = sizes, ParameterCount = ulong.MaxValue }.ToBytes());
    }

    [Theory]
    [InlineData(3u)]
    [InlineData(4u)]
    [InlineData(0x80000000u)]
    [InlineData(0xFFFFFFFFu)]
    public void UnknownScalingKindsAreRejected(uint kind)
    {
        uint[] sizes = [3, 2];
        float[] body = [.. Enumerable.Range(0, 8 + 6).Select(i => (float)i)];
        byte[] file = new ForgedFile { Sizes = sizes, Kind = kind, Body = body }.ToBytes();
        Assert.Contains("scaling", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AScalingKindThatDisagreesWithTheBodyLengthIsRejected()
    {
        // Kind 1 but no scaling floats; kind 0 with scaling floats left over.
        ModelAssert.Rejected(new ForgedFile { Sizes = [3, 2], Kind = 1, Body = new float[8] }.ToBytes());
        ModelAssert.Rejected(new ForgedFile { Sizes = [3, 2], Kind = 0, Body = new float[14] }.ToBytes());
    }

    [Theory]
    [MemberData(nameof(SmallValidFiles))]
    public void TruncationAtEveryByteIsRejected(string name, byte[] file)
    {
        _ = name;
        for (int length = 0; length < file.Length; length++)
        {
            byte[] truncated = file[..length];
            Exception? e = Record.Exception(() => ModelAssert.Rejected(truncated));
            Assert.True(e is null, $"truncated to {length} of {file.Length} bytes: {e}");
        }

        using var directory = new TempDirectory();
        string path = directory.File("t.spn");
        File.WriteAllBytes(path, file[..(file.Length / 2)]);
        Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
    }

    [Theory]
    [MemberData(nameof(SmallValidFiles))]
    public void TrailingBytesAreRejected(string name, byte[] file)
    {
        _ = name;
        foreach (int extra in new[] { 1, 3, 4, 100, 100_000 })
        {
            byte[] longer = [.. file, .. new byte[extra]];
            Assert.Contains("unexpected bytes", ModelAssert.Rejected(longer), StringComparison.OrdinalIgnoreCase);
        }

        // A second copy of the same model appended is still trailing garbage.
        ModelAssert.Rejected([.. file, .. file]);
    }

    [Theory]
    [MemberData(nameof(SmallValidFiles))]
    public void EverySingleBitFlipIsRejected(string name, byte[] file)
    {
        _ = name;
        for (int bit = 0; bit < file.Length * 8; bit++)
        {
            byte[] flipped = (byte[])file.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Exception? e = Record.Exception(() => ModelFile.Load(new MemoryStream(flipped, writable: false)));
            Assert.True(e is InvalidDataException, $"flipping bit {bit % 8} of byte {bit / 8} gave {e?.GetType().Name ?? "a successful load"}");
            e = Record.Exception(() => ModelFile.Load(new NonSeekableStream(flipped, maxChunk: 7)));
            Assert.True(e is InvalidDataException, $"flipping bit {bit % 8} of byte {bit / 8} (non-seekable) gave {e?.GetType().Name ?? "a successful load"}");
        }
    }

    [Theory]
    [MemberData(nameof(SmallValidFiles))]
    public void AWrongChecksumIsRejected(string name, byte[] file)
    {
        _ = name;
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4));
        foreach (uint wrong in new[] { crc ^ 1, crc ^ 0x80000000, ~crc, 0u, uint.MaxValue })
        {
            byte[] bad = (byte[])file.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(bad.Length - 4), wrong);
            Assert.Contains("checksum", ModelAssert.Rejected(bad), StringComparison.OrdinalIgnoreCase);
        }

        // Swapping the first two stored floats (different ones) keeps the length and every value
        // finite but changes the CRC.
        byte[] swapped = (byte[])file.Clone();
        int header = swapped.Length - 4 - (4 * CountFloats(file));
        Assert.False(file.AsSpan(header, 4).SequenceEqual(file.AsSpan(header + 4, 4)), "the test needs two different floats");
        file.AsSpan(header, 4).CopyTo(swapped.AsSpan(header + 4, 4));
        file.AsSpan(header + 4, 4).CopyTo(swapped.AsSpan(header, 4));
        Assert.Contains("checksum", ModelAssert.Rejected(swapped), StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string, int> NonFiniteCases()
    {
        var data = new TheoryData<string, int>();
        foreach (string where in new[] { "first parameter", "middle parameter", "last parameter", "first offset", "last offset", "first scale", "last scale" })
        {
            foreach (int bits in new[] { 0x7FC00000, unchecked((int)0xFFC00000), 0x7F800001, 0x7FFFFFFF, 0x7F800000, unchecked((int)0xFF800000) })
            {
                data.Add(where, bits);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NonFiniteCases))]
    public void NonFiniteValuesWithAValidChecksumAreRejected(string where, int bits)
    {
        uint[] sizes = [3, 4, 2];
        int p = (int)ForgedFile.TrueParameterCount(sizes);
        float[] body = [.. Enumerable.Range(0, p + 6).Select(i => 0.25f + (i * 0.01f))];
        int index = where switch
        {
            "first parameter" => 0,
            "middle parameter" => p / 2,
            "last parameter" => p - 1,
            "first offset" => p,
            "last offset" => p + 2,
            "first scale" => p + 3,
            _ => p + 5,
        };
        body[index] = BitConverter.Int32BitsToSingle(bits);
        Assert.False(float.IsFinite(body[index]));
        foreach (uint kind in new[] { 1u, 2u })
        {
            byte[] file = new ForgedFile { Sizes = sizes, Kind = kind, Body = body }.ToBytes();
            Assert.Contains("finite", ModelAssert.Rejected(file), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void AFileWithABodyBeyondTwoGibibytesGivesInvalidDataException()
    {
        // A sparse file of the exact length a 511-2^20 network needs (2^29 parameters): costs no disk space.
        byte[] header = new ForgedFile { Sizes = [511, 1 << 20], Body = [] }.ToBytes()[..^4];
        using var directory = new TempDirectory();
        string path = directory.File("huge.spn");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.Write(header);
            stream.SetLength(header.Length + (4L << 29) + 4);
        }

        Exception? e = Record.Exception(() => ModelFile.Load(path));
        Assert.True(e is InvalidDataException, $"got {e?.GetType().Name ?? "a successful load"}");
    }

    [Fact]
    public void EmptyAndTinyStreamsAreRejected()
    {
        ModelAssert.Rejected([]);
        ModelAssert.Rejected("S"u8.ToArray());
        ModelAssert.Rejected("SPNN"u8.ToArray());
        ModelAssert.Rejected("SPNN\u0001\0\0\0"u8.ToArray());
        ModelAssert.Rejected(new byte[12]);
    }

    /// <summary>Rejecting <paramref name="file"/> allocates almost nothing from a seekable stream, and only the fixed copy buffer plus what was provided from a non-seekable one.</summary>
    private static void AssertCheapRejection(byte[] file)
    {
        ModelAssert.AllocatedWhileRejecting(() => new MemoryStream(file, writable: false)); // warm up
        long seekable = ModelAssert.AllocatedWhileRejecting(() => new MemoryStream(file, writable: false));
        Assert.True(seekable < HeaderBudget, $"{seekable} bytes allocated rejecting a {file.Length}-byte file");
        long nonSeekable = ModelAssert.AllocatedWhileRejecting(() => new NonSeekableStream(file));
        Assert.True(nonSeekable < NonSeekableFixedBudget + (4 * file.Length), $"{nonSeekable} bytes allocated rejecting a {file.Length}-byte non-seekable stream");
    }

    private static int CountFloats(byte[] file)
    {
        uint layers = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        int position = 12 + (int)(layers * 4);
        uint kind = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position));
        ulong p = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(position + 4));
        uint inputs = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        return (int)p + (kind == 0 ? 0 : 2 * (int)inputs);
    }
}
