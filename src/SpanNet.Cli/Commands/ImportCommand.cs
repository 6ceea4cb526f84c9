using System.CommandLine;
using SpanNet.Cli.Csv;
using SpanNet.Cli.Infrastructure;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet import --theta T1.csv --theta T2.csv … [--scaling S.csv] --out model.spn</c>.</summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console)
    {
        var theta = new Option<string[]>("--theta")
        {
            Description = "A Θ(l) matrix as CSV, in layer order (repeat the option): s_{l+1} rows × (s_l + 1) columns, column 0 the bias.",
            HelpName = "FILE",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var scaling = new Option<string?>("--scaling")
        {
            Description = $"Input scaling to store with the model: a CSV with header '{ScalingCsv.Header}' and one row per input (as written by export).",
            HelpName = "FILE",
        };
        Option<string> output = CommonOptions.RequiredPath("--out", "The model file to write (.spn); replaced atomically if it exists.");
        var command = new Command("import", "Build a model file from Θ(l) CSV matrices in the textbook layout; the architecture is inferred from their shapes.")
        {
            theta,
            scaling,
            output,
        };
        command.SetAction(result => Run(result.GetRequiredValue(theta), result.GetValue(scaling), result.GetRequiredValue(output), console));
        return command;
    }

    public static int Run(IReadOnlyList<string> thetaPaths, string? scalingPath, string outputPath, CliConsole console)
    {
        // Read and check everything before writing anything.
        var tables = new CsvTable[thetaPaths.Count];
        for (int l = 0; l < tables.Length; l++)
        {
            CsvTable table = CsvReader.ReadMatrix(thetaPaths[l]);
            if (table.ColumnCount < 2)
            {
                throw new CliException(
                    $"{table.FilePath}: Θ({l + 1}) has {table.ColumnCount} column; it needs the bias column and at least one weight column.");
            }

            if (l > 0 && table.ColumnCount - 1 != tables[l - 1].RowCount)
            {
                CsvTable previous = tables[l - 1];
                throw new CliException(
                    $"{table.FilePath}: Θ({l + 1}) has {table.ColumnCount} columns, so layer {l + 1} would have {table.ColumnCount - 1} units (plus the bias), "
                    + $"but Θ({l}) ({previous.FilePath}) has {previous.RowCount} rows; the columns of Θ({l + 1}) must be the rows of Θ({l}) + 1.");
            }

            tables[l] = table;
        }

        int[] sizes = new int[tables.Length + 1];
        sizes[0] = tables[0].ColumnCount - 1;
        for (int l = 0; l < tables.Length; l++)
        {
            sizes[l + 1] = tables[l].RowCount;
        }

        var architecture = new NetworkArchitecture(sizes);
        float[] parameters = new float[architecture.ParameterCount];
        for (int l = 0; l < tables.Length; l++)
        {
            tables[l].Values.CopyTo(parameters, architecture.ThetaOffset(l));
        }

        FeatureScaling? inputScaling = scalingPath is null ? null : ScalingCsv.Read(scalingPath, architecture.InputCount);
        var model = new Model(architecture, parameters, inputScaling);
        ModelFiles.Save(model, outputPath);
        string scalingNote = inputScaling is null ? string.Empty : $", {inputScaling.Kind} input scaling";
        console.Out.WriteLine($"wrote {outputPath}: {architecture} network, {architecture.ParameterCount} parameters{scalingNote}");
        return ExitCodes.Success;
    }
}
