using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Tests.Models;

/// <summary>
/// Random damage thrown at the loader: every outcome is a model (and then the bytes are exactly the
/// canonical file of that model) or InvalidDataException; any other exception fails.
/// </summary>
public class ModelFileFuzzProperties
{
    private static readonly byte[][] BaseFiles =
    [
        ModelAssert.Save(ModelAssert.RandomModel(new NetworkArchitecture(2, 1), 1, ScalingKind.None)),
        ModelAssert.Save(ModelAssert.RandomModel(new NetworkArchitecture(3, 2), 2, ScalingKind.Standardize)),
        ModelAssert.Save(ModelAssert.RandomModel(new NetworkArchitecture(2, 3, 2, 1), 3, ScalingKind.MinMax)),
        ModelAssert.Save(ModelAssert.RandomModel(new NetworkArchitecture(4, 4, 3), 4, ScalingKind.None)),
    ];

    private enum Mutation
    {
        SetByte,
        FlipBit,
        Insert,
        Delete,
        Truncate,
        Garbage,
        GarbageAfterValidPrefix,
        ForgedHeader,
        SeveralBytesWithValidCrc,
        HeaderFieldWithValidCrc,
        FloatWithValidCrc,
    }

    private enum Reader
    {
        Seekable,
        NonSeekable,
        Trickle,
    }

    [Fact]
    public void RandomDamageGivesAModelOrInvalidDataException()
    {
        int accepted = 0, rejected = 0;
        Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var mutation = (Mutation)random.Next(Enum.GetValues<Mutation>().Length);
            var reader = (Reader)random.Next(3);
            byte[] original = BaseFiles[random.Next(BaseFiles.Length)];
            byte[] data = Mutate(original, mutation, random);
            Stream stream = reader switch
            {
                Reader.Seekable => new MemoryStream(data, writable: false),
                Reader.NonSeekable => new NonSeekableStream(data),
                _ => new NonSeekableStream(data, maxChunk: 1 + random.Next(5)),
            };

            Model model;
            try
            {
                model = ModelFile.Load(stream);
            }
            catch (InvalidDataException)
            {
                rejected++;
                return true;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}: {mutation} via {reader} threw {e.GetType().Name} on [{Convert.ToHexString(data)}]", e);
            }

            // Accepted: the data must be exactly the file this library writes for the model it produced.
            accepted++;
            byte[] canonical = ModelAssert.Save(model);
            if (!canonical.AsSpan().SequenceEqual(data))
            {
                throw new InvalidOperationException($"seed {seed}: {mutation} via {reader} accepted non-canonical [{Convert.ToHexString(data)}]");
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyScale.Cases(15000)));

        Assert.True(rejected > accepted, $"{accepted} accepted, {rejected} rejected");
    }

    private static byte[] Mutate(byte[] original, Mutation mutation, Random random)
    {
        var bytes = new List<byte>(original);
        switch (mutation)
        {
            case Mutation.SetByte:
                bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                break;
            case Mutation.FlipBit:
                bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case Mutation.Insert:
                bytes.InsertRange(random.Next(bytes.Count + 1), RandomBytes(random, 1 + random.Next(8)));
                break;
            case Mutation.Delete:
            {
                int at = random.Next(bytes.Count);
                bytes.RemoveRange(at, Math.Min(1 + random.Next(8), bytes.Count - at));
                break;
            }

            case Mutation.Truncate:
                return original[..random.Next(original.Length)];
            case Mutation.Garbage:
                return RandomBytes(random, random.Next(301));
            case Mutation.GarbageAfterValidPrefix:
            {
                // A real header up to some point, then noise: gets past the early checks more often.
                int keep = random.Next(Math.Min(bytes.Count, 40));
                return [.. original.AsSpan(0, keep), .. RandomBytes(random, random.Next(301))];
            }

            case Mutation.ForgedHeader:
                return ForgeHeader(random);
            case Mutation.SeveralBytesWithValidCrc:
                for (int k = 1 + random.Next(4); k > 0; k--)
                {
                    bytes[random.Next(bytes.Count - 4)] = (byte)random.Next(256);
                }

                return TestCrc32.Refresh([.. bytes]);
            case Mutation.HeaderFieldWithValidCrc:
            {
                byte[] file = [.. bytes];
                int headerLength = 12 + (4 * (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8))) + 12;
                int at = 4 + (random.Next((headerLength - 4) / 2) * 2);
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at), (ushort)Interesting(random));
                return TestCrc32.Refresh(file);
            }

            case Mutation.FloatWithValidCrc:
            {
                byte[] file = [.. bytes];
                int headerLength = 12 + (4 * (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8))) + 12;
                int floats = (file.Length - headerLength - 4) / 4;
                int[] bits = [0x7FC00000, 0x7F800000, unchecked((int)0xFF800000), 0x7F800001, unchecked((int)0x80000000), 1, 0x7F7FFFFF, random.Next()];
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(headerLength + (4 * random.Next(floats))), bits[random.Next(bits.Length)]);
                return TestCrc32.Refresh(file);
            }
        }

        return [.. bytes];
    }

    /// <summary>A syntactically plausible file with random, often wrong, sizes and lengths.</summary>
    private static byte[] ForgeHeader(Random random)
    {
        int layers = random.Next(8) == 0 ? (int)Interesting(random) : random.Next(5);
        uint[] sizes = [.. Enumerable.Range(0, Math.Clamp(layers, 0, 70)).Select(_ => random.Next(4) == 0 ? Interesting(random) : (uint)(1 + random.Next(4)))];
        ulong truth = ForgedFile.TrueParameterCount(sizes);
        uint kind = random.Next(4) == 0 ? Interesting(random) : (uint)random.Next(3);
        ulong claimed = random.Next(3) switch
        {
            0 => truth,
            1 => truth + (ulong)(random.Next(5) - 2),
            _ => Interesting(random) | ((ulong)Interesting(random) << 32),
        };
        int scaling = sizes.Length > 0 && kind is 1 or 2 ? 2 * (int)Math.Min(sizes[0], 1000u) : 0;
        int bodyFloats = random.Next(2) == 0 && truth < 2000 ? (int)truth + scaling + (random.Next(3) - 1) : random.Next(60);
        float[] body = [.. Enumerable.Range(0, Math.Max(0, bodyFloats)).Select(_ => (float)(random.NextDouble() - 0.5))];
        var file = new ForgedFile
        {
            LayerCount = random.Next(6) == 0 ? Interesting(random) : (uint)sizes.Length,
            Sizes = sizes,
            Kind = kind,
            ParameterCount = claimed,
            Body = body,
            Version = random.Next(6) == 0 ? (ushort)Interesting(random) : (ushort)1,
            Flags = random.Next(6) == 0 ? (ushort)Interesting(random) : (ushort)0,
            Crc = random.Next(3) == 0 ? (uint)random.Next() : null,
        };
        return file.ToBytes();
    }

    private static uint Interesting(Random random)
    {
        uint[] values = [0, 1, 2, 3, 63, 64, 65, 255, 256, 1023, 1024, 65535, 65536, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
        return random.Next(5) == 0 ? (uint)random.Next() : values[random.Next(values.Length)];
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
