using System.CommandLine;
using SpanNet.Cli.Csv;
using SpanNet.Cli.Infrastructure;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet export --model model.spn --out-dir DIR</c>: the reverse of import.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> model = CommonOptions.Model();
        Option<string> outputDirectory = CommonOptions.RequiredPath(
            "--out-dir", "The directory to write theta1.csv, theta2.csv, … (and scaling.csv if the model has input scaling) into; created if missing. Files of an earlier export that this model does not have (theta{L}.csv beyond its layers, scaling.csv) are removed.", "DIR");
        var command = new Command(
            "export",
            "Write a model's Θ(l) matrices as CSV in the textbook layout (s_{l+1} rows × (s_l + 1) columns, column 0 the bias), with round-trip float formatting so import gives back the identical model.")
        {
            model,
            outputDirectory,
        };
        command.SetAction(result => Run(result.GetRequiredValue(model), result.GetRequiredValue(outputDirectory), console));
        return command;
    }

    public static int Run(string modelPath, string outputDirectory, CliConsole console)
    {
        Model model = ModelFiles.Load(modelPath);
        NetworkArchitecture architecture = model.Architecture;
        AtomicFile.EnsureDirectory(outputDirectory);
        for (int l = 0; l < architecture.ThetaCount; l++)
        {
            string path = Path.Combine(outputDirectory, $"theta{l + 1}.csv");
            int rows = architecture.ThetaRows(l), columns = architecture.ThetaColumns(l);
            CsvWriter.WriteMatrix(path, model.Parameters.Slice(architecture.ThetaOffset(l), architecture.ThetaLength(l)), columns);
            console.Out.WriteLine($"wrote {path}: Θ({l + 1}), {rows} × {columns}");
        }

        if (model.Scaling is { Kind: not ScalingKind.None } scaling)
        {
            string path = Path.Combine(outputDirectory, ScalingCsv.FileName);
            ScalingCsv.Write(path, scaling);
            console.Out.WriteLine($"wrote {path}: {scaling.Kind} input scaling of {scaling.FeatureCount} features (import it with --scaling)");
        }
        else if (StaleOutputs.Remove(Path.Combine(outputDirectory, ScalingCsv.FileName)))
        {
            console.Out.WriteLine($"removed {Path.Combine(outputDirectory, ScalingCsv.FileName)}: an earlier export's; this model has no input scaling");
        }

        foreach (string stale in StaleOutputs.RemoveNumbered(outputDirectory, "theta", architecture.ThetaCount + 1))
        {
            console.Out.WriteLine($"removed {stale}: an earlier export's; this model has {architecture.ThetaCount} matrices");
        }

        return ExitCodes.Success;
    }
}
