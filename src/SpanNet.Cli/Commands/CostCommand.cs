using System.CommandLine;
using System.Globalization;
using SpanNet.Backprop;
using SpanNet.Cli.Csv;
using SpanNet.Cli.Infrastructure;
using SpanNet.Data;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet cost --model model.spn --data data.csv --lambda L [--gradient-out DIR] [--json]</c>.</summary>
internal static class CostCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> model = CommonOptions.Model();
        Option<string> data = CommonOptions.RequiredPath(
            "--data", "Labeled examples as CSV: the feature columns, then the class label 0 … K−1; optional header line.");
        Option<float> lambda = CommonOptions.Lambda(required: true);
        var gradientOut = new Option<string?>("--gradient-out")
        {
            Description = "Also write the gradient D(l) of every Θ(l) as grad1.csv, grad2.csv, … (each Θ(l)'s shape) into this directory; created if missing. grad{L}.csv files beyond this network's layers (an earlier, deeper run's) are removed.",
            HelpName = "DIR",
        };
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "cost",
            "Print the regularized cross-entropy cost J(Θ) of a model on labeled data (after the model's input scaling, if it has one).")
        {
            model,
            data,
            lambda,
            gradientOut,
            json,
        };
        command.SetAction(result => Run(
            result.GetRequiredValue(model),
            result.GetRequiredValue(data),
            result.GetValue(lambda),
            result.GetValue(gradientOut),
            result.GetValue(json),
            console));
        return command;
    }

    public static int Run(string modelPath, string dataPath, float lambda, string? gradientDirectory, bool json, CliConsole console)
    {
        Model model = ModelFiles.Load(modelPath);
        LabeledData data = DataFiles.LoadForModel(dataPath, model);
        NetworkArchitecture architecture = model.Architecture;
        var backpropagation = new Backpropagation(architecture);
        double cost;
        if (gradientDirectory is null)
        {
            cost = backpropagation.Cost(model.Parameters, data, lambda);
        }
        else
        {
            float[] gradient = new float[architecture.ParameterCount];
            cost = backpropagation.CostAndGradient(model.Parameters, data, lambda, gradient);
            AtomicFile.EnsureDirectory(gradientDirectory);
            for (int l = 0; l < architecture.ThetaCount; l++)
            {
                CsvWriter.WriteMatrix(
                    Path.Combine(gradientDirectory, $"grad{l + 1}.csv"),
                    gradient.AsSpan(architecture.ThetaOffset(l), architecture.ThetaLength(l)),
                    architecture.ThetaColumns(l));
            }

            // A deeper network's gradient written here before would otherwise pass for part of this one.
            StaleOutputs.RemoveNumbered(gradientDirectory, "grad", architecture.ThetaCount + 1);
        }

        if (json)
        {
            JsonOutput.WriteObject(console.Out, writer =>
            {
                writer.WriteNumberOrNull("cost", cost);
                writer.WriteNumber("examples", data.Count);
                writer.WriteNumber("lambda", lambda);
            });
        }
        else
        {
            console.Out.WriteLine(cost.ToString("R", CultureInfo.InvariantCulture));
        }

        return ExitCodes.Success;
    }
}
