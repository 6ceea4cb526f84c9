using SpanNet.Data;
using SpanNet.Networks;

namespace SpanNet.Benchmarks.Network;

/// <summary>
/// A network and its data for the network-level benchmarks: "400-25-10 x5000" (the course's
/// network on 5000 seeded random examples) or "64-25-10 x1797" (the real 8×8 digits, X/16).
/// </summary>
public sealed class NetworkCase
{
    private NetworkCase(string name, NetworkArchitecture architecture, LabeledData data)
    {
        Name = name;
        Architecture = architecture;
        Data = data;
        Network = SpanNet.Networks.Network.CreateRandom(architecture, seed: 1);
    }

    public string Name { get; }

    public NetworkArchitecture Architecture { get; }

    public LabeledData Data { get; }

    public SpanNet.Networks.Network Network { get; }

    public static IEnumerable<string> Names => ["400-25-10 x5000", "64-25-10 x1797"];

    public static NetworkCase Create(string name) => name switch
    {
        "400-25-10 x5000" => Synthetic(name, new NetworkArchitecture(400, 25, 10), 5000),
        "64-25-10 x1797" => Digits(name),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown case."),
    };

    private static NetworkCase Synthetic(string name, NetworkArchitecture architecture, int examples)
    {
        float[] features = BenchData.Random(examples * architecture.InputCount, seed: 3, min: 0f, max: 1f);
        var random = new Random(4);
        int[] labels = [.. Enumerable.Range(0, examples).Select(_ => random.Next(architecture.OutputCount))];
        return new NetworkCase(name, architecture, LabeledData.FromClassLabels(features, architecture.InputCount, labels, architecture.OutputCount));
    }

    private static NetworkCase Digits(string name)
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "digits", "digits.csv"));
        float[] features = new float[lines.Length * 64];
        int[] labels = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            int[] cells = [.. lines[i].Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))];
            for (int j = 0; j < 64; j++)
            {
                features[(i * 64) + j] = cells[j] / 16f;
            }

            labels[i] = cells[64];
        }

        return new NetworkCase(name, new NetworkArchitecture(64, 25, 10), LabeledData.FromClassLabels(features, 64, labels, 10));
    }
}
