using System.CommandLine;
using System.Globalization;
using SpanNet.Backprop;
using SpanNet.Cli.Infrastructure;
using SpanNet.Common;
using SpanNet.Data;
using SpanNet.Kernels;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary>
/// <c>spannet gradcheck [--layers 3,5,3] [--examples 5] [--lambda 3] [--seed N] [--json]</c>: backprop
/// against float64 central differences on a small random network and random data.
/// </summary>
internal static class GradCheckCommand
{
    /// <summary>Gradient checking costs two passes over the data per parameter; keep it to small networks.</summary>
    public const int MaxParameters = 100_000;

    public static Command Create(CliConsole console)
    {
        var layers = new Option<string>("--layers")
        {
            Description = "The layer sizes s_1,…,s_L, input first (at least two).",
            HelpName = "S1,S2,…",
            DefaultValueFactory = _ => "3,5,3",
        };
        layers.Validators.Add(result =>
        {
            string? text = result.GetValueOrDefault<string>();
            try
            {
                NetworkArchitecture architecture = NetworkArchitecture.Parse(text ?? string.Empty);
                if (architecture.ParameterCount > MaxParameters)
                {
                    result.AddError($"--layers {text} has {architecture.ParameterCount} parameters; gradcheck is for small networks (at most {MaxParameters}).");
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                result.AddError($"--layers: {CliErrors.Describe(e).Message}");
            }
        });
        Option<int> examples = CommonOptions.BoundedInt("--examples", "Number of random examples m.", 5, 1, 10_000);
        Option<float> lambda = CommonOptions.Lambda(required: false, defaultValue: 3f);
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed for the random network and data (same seed, same check on every machine).",
            HelpName = "N",
            DefaultValueFactory = _ => 1UL,
        };
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "gradcheck",
            $"Check backpropagation against numerical (central-difference, float64) gradients on a small random network; exit 0 when the relative difference is within {GradientCheckResult.DefaultTolerance.ToString(CultureInfo.InvariantCulture)}, else 1.")
        {
            layers,
            examples,
            lambda,
            seed,
            json,
        };
        command.SetAction(result => Run(
            NetworkArchitecture.Parse(result.GetRequiredValue(layers)),
            result.GetValue(examples),
            result.GetValue(lambda),
            result.GetValue(seed),
            result.GetValue(json),
            console));
        return command;
    }

    public static int Run(NetworkArchitecture architecture, int exampleCount, float lambda, ulong seed, bool json, CliConsole console)
    {
        Network network = Network.CreateRandom(architecture, seed);
        LabeledData data = RandomData(architecture, exampleCount, seed);
        GradientCheckResult result = GradientChecker.Check(network, data, lambda);
        const double tolerance = GradientCheckResult.DefaultTolerance;
        bool passed = result.IsWithin(tolerance);
        (int theta, int row, int column) = Locate(architecture, result.WorstIndex);
        if (json)
        {
            JsonOutput.WriteObject(console.Out, writer =>
            {
                writer.WriteNumberOrNull("relativeDifference", result.RelativeError);
                writer.WriteNumber("tolerance", tolerance);
                writer.WriteBoolean("passed", passed);
                writer.WriteStartArray("layers");
                foreach (int size in architecture.LayerSizes)
                {
                    writer.WriteNumberValue(size);
                }

                writer.WriteEndArray();
                writer.WriteNumber("parameters", result.CoordinatesChecked);
                writer.WriteNumber("examples", exampleCount);
                writer.WriteNumber("lambda", lambda);
                writer.WriteNumber("seed", seed);
                writer.WriteStartObject("worst");
                writer.WriteNumber("index", result.WorstIndex);
                writer.WriteNumber("theta", theta);
                writer.WriteNumber("row", row);
                writer.WriteNumber("column", column);
                writer.WriteNumberOrNull("backprop", result.WorstAnalytic);
                writer.WriteNumberOrNull("numerical", result.WorstNumeric);
                writer.WriteEndObject();
                writer.WriteString("simdPath", SimdInfo.ActivePathDescription);
            });
        }
        else
        {
            TextWriter o = console.Out;
            o.WriteLine(Invariant($"network {architecture}, {exampleCount} random examples, λ = {lambda}, seed {seed}, SIMD {SimdInfo.ActivePathDescription}"));
            o.WriteLine(Invariant($"relative difference {result.RelativeError:G4} over {result.CoordinatesChecked} parameters (tolerance {tolerance:G4})"));
            o.WriteLine(Invariant(
                $"largest difference at Θ({theta}) row {row}, column {column}: backprop {result.WorstAnalytic:G9}, numerical {result.WorstNumeric:G9}"));
            o.WriteLine(passed ? "OK: backpropagation matches the numerical gradient" : "FAILED");
        }

        if (!passed)
        {
            CliErrors.WriteError(
                console.Error,
                Invariant($"gradient check failed: relative difference {result.RelativeError:G4} exceeds the tolerance {tolerance:G4}."));
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    /// <summary>Features U(−1, 1) and uniformly random labels, from a stream independent of the network's.</summary>
    private static LabeledData RandomData(NetworkArchitecture architecture, int count, ulong seed)
    {
        var random = new SeededRandom(seed ^ 0x5DEECE66DUL);
        float[] features = new float[count * architecture.InputCount];
        foreach (ref float x in features.AsSpan())
        {
            x = (2 * random.NextSingle()) - 1;
        }

        int[] labels = new int[count];
        foreach (ref int label in labels.AsSpan())
        {
            label = random.NextInt32(architecture.OutputCount);
        }

        return LabeledData.FromClassLabels(features, architecture.InputCount, labels, architecture.OutputCount);
    }

    /// <summary>The 1-based Θ, row and column of an index into the unrolled parameters.</summary>
    private static (int Theta, int Row, int Column) Locate(NetworkArchitecture architecture, int index)
    {
        for (int l = 0; l < architecture.ThetaCount; l++)
        {
            int offset = index - architecture.ThetaOffset(l);
            if (offset >= 0 && offset < architecture.ThetaLength(l))
            {
                int columns = architecture.ThetaColumns(l);
                return (l + 1, (offset / columns) + 1, offset % columns);
            }
        }

        return (0, 0, 0);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
