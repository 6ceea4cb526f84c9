using System.CommandLine;
using System.Globalization;
using SpanNet.Cli.Csv;
using SpanNet.Cli.Infrastructure;
using SpanNet.Cli.Plotting;
using SpanNet.Data;
using SpanNet.Evaluation;
using SpanNet.Models;
using SpanNet.Networks;
using SpanNet.Training;

namespace SpanNet.Cli.Commands;

/// <summary>What <c>spannet train</c> was asked to do (the parsed options).</summary>
internal sealed record TrainSettings
{
    /// <summary>The default hidden layer when --layers is not given: s_1, 25, K.</summary>
    public const int DefaultHiddenUnits = 25;

    /// <summary>Training CSV, or null for the embedded digits.</summary>
    public string? DataPath { get; init; }

    /// <summary>Test CSV (only with <see cref="DataPath"/>), or null.</summary>
    public string? TestPath { get; init; }

    /// <summary>Fraction of the training rows held out for validation, or null.</summary>
    public double? ValidationSplit { get; init; }

    /// <summary>The layer sizes, or null for s_1, 25, K.</summary>
    public NetworkArchitecture? Layers { get; init; }

    /// <summary>λ.</summary>
    public float Lambda { get; init; } = 1f;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Lbfgs;

    /// <summary>Maximum epochs (iterations for the full-batch methods).</summary>
    public int Epochs { get; init; } = 400;

    /// <summary>Minibatch size for Adam and SGD (0 = full batch).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The learning rate, or null for the optimizer's default.</summary>
    public float? LearningRate { get; init; }

    /// <summary>SGD momentum.</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>Seed of the initial weights, the minibatch order and the validation split.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Input scaling learned from the training rows.</summary>
    public ScalingKind Scaling { get; init; } = ScalingKind.MinMax;

    /// <summary>Threads for the cost and gradient (results are bit-identical for any count).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Early-stopping patience in epochs (0 = off; needs a validation split).</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>Where to save the model.</summary>
    public string OutPath { get; init; } = "model.spn";

    /// <summary>Where to write the learning-curve SVG, or null.</summary>
    public string? PlotPath { get; init; }
}

/// <summary>
/// <c>spannet train [--data train.csv [--test test.csv]] [--validation-split F] [--layers 64,25,10] [--lambda 1]
/// [--optimizer lbfgs|cg|adam|sgd|gd] [--epochs 400] … [--out model.spn] [--plot curve.svg]</c>: trains a network
/// (by default on the embedded 8×8 digits with their fixed split) and saves the model with its input scaling.
/// </summary>
internal static class TrainCommand
{
    private static readonly string[] OptimizerNames = ["lbfgs", "cg", "adam", "sgd", "gd"];
    private static readonly string[] ScalingNames = ["minmax", "standardize", "none"];

    public static Command Create(CliConsole console)
    {
        var data = new Option<string?>("--data")
        {
            Description = "Training examples as CSV: the feature columns, then an integer class label 0 … K−1 in the last column; optional header line. "
                + "Without it: the 8×8 handwritten digits embedded in spannet, with their fixed 1437/360 train/test split.",
            HelpName = "FILE",
        };
        var test = new Option<string?>("--test")
        {
            Description = "Test examples (same columns as --data), reported per epoch and at the end; never used to choose anything.",
            HelpName = "FILE",
        };
        Option<double?> validationSplit = CommonOptions.OptionalFraction(
            "--validation-split", "Hold out this fraction of the training rows (seeded shuffle) as a validation set, reported per epoch (and used by early stopping).", "F", 0, 1, minIncluded: false);
        var layers = new Option<string?>("--layers")
        {
            Description = $"The layer sizes s_1,…,s_L: s_1 must be the number of feature columns, s_L the number of classes K (labels must be < s_L). Default: s_1,{TrainSettings.DefaultHiddenUnits},K with K = largest training label + 1 (64,25,10 for the digits).",
            HelpName = "S1,…,SL",
        };
        layers.Validators.Add(result =>
        {
            try
            {
                NetworkArchitecture.Parse(result.GetValueOrDefault<string?>() ?? string.Empty);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                result.AddError($"--layers: {CliErrors.Describe(e).Message}");
            }
        });
        Option<float> lambda = CommonOptions.Lambda(required: false, defaultValue: 1f);
        Option<string> optimizer = CommonOptions.Choice(
            "--optimizer", "lbfgs: L-BFGS (full batch); cg: conjugate gradients (full batch); adam: Adam on minibatches; sgd: momentum SGD on minibatches; gd: plain gradient descent (full batch).", "lbfgs", OptimizerNames);
        Option<int> epochs = CommonOptions.BoundedInt("--epochs", "The most epochs to run: iterations for lbfgs, cg and gd; passes over the data for adam and sgd.", 400, 1, 10_000_000);
        Option<int> batchSize = CommonOptions.BoundedInt("--batch-size", "Examples per minibatch for adam and sgd (0 = the whole training set).", 32, 0, int.MaxValue);
        Option<float?> learningRate = CommonOptions.OptionalPositiveFloat(
            "--learning-rate", "The step size for adam, sgd and gd (default: adam 0.01, sgd 0.5, gd 2; lbfgs and cg need none).", "R");
        Option<double?> momentum = CommonOptions.OptionalFraction("--momentum", "Momentum μ of sgd (default 0.9).", "M", 0, 1, minIncluded: true, usedAsSingle: true);
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the initial weights, the minibatch order and the validation split: the same seed gives the same model on the same machine.",
            HelpName = "N",
            DefaultValueFactory = _ => 1UL,
        };
        Option<string> scaling = CommonOptions.Choice(
            "--scaling", "Input scaling learned from the training rows and stored in the model: minmax (x − min)/(max − min), standardize (x − mean)/std, or none.", "minmax", ScalingNames);
        Option<int> threads = CommonOptions.BoundedInt(
            "--threads", "Threads computing the cost and gradient (0 = one per processor); the model is bit-identical for any count.", 1, 0, 1024);
        Option<int> patience = CommonOptions.BoundedInt(
            "--early-stopping-patience", "With --validation-split: stop after this many epochs without a lower validation cost and keep the best epoch's weights (0 = off).", 0, 0, int.MaxValue);
        var output = new Option<string>("--out")
        {
            Description = "The model file to write (.spn); replaced atomically if it exists.",
            HelpName = "FILE",
            DefaultValueFactory = _ => "model.spn",
        };
        var plot = new Option<string?>("--plot")
        {
            Description = "Also write the learning curve (cost and accuracy per epoch, training and test/validation) as an SVG chart.",
            HelpName = "FILE.svg",
        };

        var command = new Command(
            "train",
            "Train a sigmoid network with backpropagation and save it as a model file. With no options it trains 64-25-10 on the 8×8 handwritten digits embedded in spannet "
            + $"({DigitsDataSet.Attribution}), with λ = 1, L-BFGS for 400 iterations and min-max scaling, then prints the train and test accuracy.")
        {
            data,
            test,
            validationSplit,
            layers,
            lambda,
            optimizer,
            epochs,
            batchSize,
            learningRate,
            momentum,
            seed,
            scaling,
            threads,
            patience,
            output,
            plot,
        };
        command.SetAction(result =>
        {
            string? layerText = result.GetValue(layers);
            var settings = new TrainSettings
            {
                DataPath = result.GetValue(data),
                TestPath = result.GetValue(test),
                ValidationSplit = result.GetValue(validationSplit),
                Layers = layerText is null ? null : NetworkArchitecture.Parse(layerText),
                Lambda = result.GetValue(lambda),
                Optimizer = ParseOptimizer(result.GetRequiredValue(optimizer)),
                Epochs = result.GetValue(epochs),
                BatchSize = result.GetValue(batchSize),
                LearningRate = result.GetValue(learningRate),
                Momentum = (float)(result.GetValue(momentum) ?? 0.9),
                Seed = result.GetValue(seed),
                Scaling = ParseScaling(result.GetRequiredValue(scaling)),
                Threads = result.GetValue(threads) is 0 ? Environment.ProcessorCount : result.GetValue(threads),
                EarlyStoppingPatience = result.GetValue(patience),
                OutPath = result.GetRequiredValue(output),
                PlotPath = result.GetValue(plot),
            };

            // Ctrl+C: the first press cancels training (exit 130, nothing written); a second one kills the process.
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (!cancellation.IsCancellationRequested)
                {
                    e.Cancel = true;
                    cancellation.Cancel();
                }
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                return Run(settings, console, cancellation.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    public static int Run(TrainSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        CheckOutputs(settings);
        TextWriter o = console.Out;

        // 1. Read and check all the data before training (and long before writing anything).
        bool digits = settings.DataPath is null;
        CsvTable trainingTable;
        CsvTable? testTableOrNull;
        if (digits)
        {
            if (settings.TestPath is not null)
            {
                throw new CliException("--test needs --data: the embedded digits come with their own test split.", ExitCodes.Usage);
            }

            (trainingTable, CsvTable digitsTest) = DigitsDataSet.Load();
            testTableOrNull = digitsTest;
        }
        else
        {
            trainingTable = CsvReader.ReadLabeled(settings.DataPath!);
            testTableOrNull = settings.TestPath is null ? null : CsvReader.ReadLabeled(settings.TestPath);
        }

        NetworkArchitecture architecture = ChooseArchitecture(settings, trainingTable);
        int classes = architecture.OutputCount;
        CheckLabels(trainingTable, architecture, settings.Layers is not null);
        if (testTableOrNull is { } t)
        {
            if (t.ValueColumnCount != trainingTable.ValueColumnCount)
            {
                throw t.ErrorAt(0, null, $"has {t.ValueColumnCount} feature columns (then the label) but the training data has {trainingTable.ValueColumnCount}.");
            }

            CheckLabels(t, architecture, settings.Layers is not null);
        }

        LabeledData rawAll = DataFiles.ToLabeledData(trainingTable, classes);
        LabeledData? rawValidation = null;
        LabeledData rawTraining = rawAll;
        if (settings.ValidationSplit is { } fraction)
        {
            if (rawAll.Count < 2)
            {
                throw trainingTable.ErrorAt(0, null, "has a single example; --validation-split needs at least two.");
            }

            (rawTraining, rawValidation) = rawAll.Split(fraction, settings.Seed);
        }

        LabeledData? rawTest = testTableOrNull is null ? null : DataFiles.ToLabeledData(testTableOrNull, classes);
        if (settings.EarlyStoppingPatience > 0 && rawValidation is null)
        {
            throw new CliException(
                "--early-stopping-patience needs a validation set: add --validation-split F (the test set only reports, it never chooses the model).", ExitCodes.Usage);
        }

        // 2. Input scaling, learned from the training rows only (not validation or test).
        FeatureScaling? scaling = settings.Scaling == ScalingKind.None
            ? null
            : FeatureScaling.Learn(settings.Scaling, rawTraining.AllFeatures, rawTraining.FeatureCount);
        if (scaling is not null)
        {
            // Training rows always scale; validation and test rows far outside their range might not.
            DataFiles.CheckScalable(trainingTable, scaling);
            if (testTableOrNull is { } testTable)
            {
                DataFiles.CheckScalable(testTable, scaling);
            }
        }

        LabeledData Scaled(LabeledData raw) => scaling is null ? raw : raw.WithFeatures(scaling.ApplyAll(raw.AllFeatures));
        LabeledData training = Scaled(rawTraining);
        LabeledData? validation = rawValidation is null ? null : Scaled(rawValidation);
        LabeledData? test = rawTest is null ? null : Scaled(rawTest);

        // The second data set the trainer reports per epoch: validation if there is one, else test (for the curve only).
        (LabeledData? monitor, string? monitorName) = validation is not null ? (validation, "validation") : test is not null ? (test, "test") : (null, null);

        var options = new TrainerOptions
        {
            Optimizer = settings.Optimizer,
            MaxEpochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            LearningRate = settings.LearningRate,
            Momentum = settings.Momentum,
            Lambda = settings.Lambda,
            Seed = settings.Seed,
            EarlyStoppingPatience = settings.EarlyStoppingPatience,
            MaxThreads = settings.Threads,
        };
        var trainer = new Trainer(architecture, options);
        string unit = options.IsFullBatch ? "iteration" : "epoch";

        // 3. Say what is about to happen.
        string source = digits ? "the 8×8 handwritten digits embedded in spannet" : settings.DataPath!;
        o.WriteLine($"Training a {architecture} network on {source}");
        if (digits)
        {
            o.WriteLine($"  data: {DigitsDataSet.Attribution}");
        }

        o.WriteLine($"  {DescribeData(training.Count, validation?.Count, test?.Count, digits)}; {DescribeScaling(settings.Scaling)}");
        string threadNote = settings.Threads > 1 ? $", {settings.Threads} threads" : string.Empty;
        o.WriteLine($"  {DescribeOptimizer(options)}, λ = {F(settings.Lambda)}, at most {settings.Epochs} {Plural(settings.Epochs, unit)}, seed {settings.Seed}{threadNote}");
        o.Flush();

        // 4. Train.
        Network network = Network.CreateRandom(architecture, settings.Seed);
        var history = new List<EpochReport>(Math.Min(settings.Epochs, 100_000));
        var progress = new TrainingProgress(o, console.OutIsTerminal, unit, monitorName, settings.Epochs, TerminalWidth(console));
        int Cancelled()
        {
            CliErrors.WriteError(console.Error, $"training cancelled after {history.Count} {Plural(history.Count, unit)}; no model written.");
            return ExitCodes.Cancelled;
        }

        TrainingResult result;
        try
        {
            result = trainer.Train(
                network,
                training,
                monitor,
                (in EpochReport r) =>
                {
                    history.Add(r);
                    progress.Report(r);
                },
                cancellationToken);
            progress.Finish();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.EndLine();
            return Cancelled();
        }
        catch (TrainingDivergedException e)
        {
            progress.EndLine();
            string hint = settings.Optimizer is OptimizerKind.Lbfgs or OptimizerKind.ConjugateGradient
                ? "check the data scaling (--scaling)"
                : "try a smaller --learning-rate";
            throw new CliException($"training diverged in {unit} {e.Epoch} (the cost or the weights became infinite or NaN); no model written. {char.ToUpperInvariant(hint[0])}{hint[1..]}.", e);
        }

        // 5. Evaluate (ModelEvaluation applies the model's scaling to the raw rows, as predict will).
        var model = new Model(network, scaling);
        EvaluationReport trainingReport = ModelEvaluation.Evaluate(model, rawTraining);
        EvaluationReport? validationReport = rawValidation is null ? null : ModelEvaluation.Evaluate(model, rawValidation);
        EvaluationReport? testReport = rawTest is null ? null : ModelEvaluation.Evaluate(model, rawTest);

        // 6. Write: the chart text first (nothing but I/O can fail once files are being written), then the files.
        string? svg = null;
        if (settings.PlotPath is not null)
        {
            svg = LearningCurveSvg.Render(new LearningCurve(
                $"Learning curve — {architecture} network, {OptimizerName(settings.Optimizer)}, λ = {F(settings.Lambda)}",
                $"{(digits ? "8×8 digits" : Path.GetFileName(settings.DataPath!))}: {DescribeData(training.Count, validation?.Count, test?.Count, digits)} · {DescribeScaling(settings.Scaling)} · seed {settings.Seed} · {result.Epochs} {Plural(result.Epochs, unit)} in {Seconds(result.Elapsed)}",
                unit,
                history,
                monitorName,
                result.StopReason == StopReason.EarlyStopping ? result.BestEpoch : null,
                result.StopReason == StopReason.EarlyStopping ? $"best validation cost ({unit} {result.BestEpoch})" : null));
        }

        // Ctrl+C after the last epoch started (the trainer looks at the token once an epoch) or during
        // the evaluation still means "no model written", exit 130.
        if (cancellationToken.IsCancellationRequested)
        {
            return Cancelled();
        }

        // Both or neither: the chart is written to a temporary file, the model saved (atomically),
        // and only then the chart renamed into place; a failure on either leaves the previous files.
        if (svg is not null)
        {
            AtomicFile.EnsureParentDirectory(settings.PlotPath!);
            AtomicFile.WriteAllText(settings.PlotPath!, svg, beforeRename: () => ModelFiles.Save(model, settings.OutPath));
        }
        else
        {
            ModelFiles.Save(model, settings.OutPath);
        }

        // 7. Report.
        o.WriteLine(DescribeStop(result, unit, settings.EarlyStoppingPatience));
        o.WriteLine($"training accuracy   {Accuracy(trainingReport)}");
        if (validationReport is not null)
        {
            o.WriteLine($"validation accuracy {Accuracy(validationReport)}");
        }

        if (testReport is not null)
        {
            o.WriteLine($"test accuracy       {Accuracy(testReport)}");
        }

        o.WriteLine($"time                {Seconds(result.Elapsed)} ({result.Evaluations} cost/gradient evaluations)");
        o.WriteLine($"model saved to      {Path.GetFullPath(settings.OutPath)}");
        if (settings.PlotPath is not null)
        {
            o.WriteLine($"learning curve      {Path.GetFullPath(settings.PlotPath)}");
        }

        return ExitCodes.Success;
    }

    internal static OptimizerKind ParseOptimizer(string name) => name switch
    {
        "lbfgs" => OptimizerKind.Lbfgs,
        "cg" => OptimizerKind.ConjugateGradient,
        "adam" => OptimizerKind.Adam,
        "sgd" => OptimizerKind.Sgd,
        "gd" => OptimizerKind.GradientDescent,
        _ => throw new CliException($"unknown optimizer '{name}'.", ExitCodes.Usage),
    };

    internal static ScalingKind ParseScaling(string name) => name switch
    {
        "minmax" => ScalingKind.MinMax,
        "standardize" => ScalingKind.Standardize,
        "none" => ScalingKind.None,
        _ => throw new CliException($"unknown scaling '{name}'.", ExitCodes.Usage),
    };

    /// <summary>Fails before any work when an output path cannot be a file.</summary>
    private static void CheckOutputs(TrainSettings settings)
    {
        if (Directory.Exists(settings.OutPath))
        {
            throw new CliException($"{settings.OutPath}: is a directory; give a file name for the model (--out).");
        }

        if (settings.PlotPath is { } plot)
        {
            if (Directory.Exists(plot))
            {
                throw new CliException($"{plot}: is a directory; give a file name for the chart (--plot).");
            }

            if (string.Equals(Path.GetFullPath(plot), Path.GetFullPath(settings.OutPath), StringComparison.Ordinal))
            {
                throw new CliException($"--plot and --out are the same file ({plot}).", ExitCodes.Usage);
            }
        }
    }

    private static NetworkArchitecture ChooseArchitecture(TrainSettings settings, CsvTable training)
    {
        int features = training.ValueColumnCount;
        if (settings.Layers is { } layers)
        {
            if (layers.InputCount != features)
            {
                throw new CliException(
                    $"--layers {string.Join(',', layers.LayerSizes.ToArray())} starts with {layers.InputCount} inputs, but {training.FilePath} has {features} feature columns (then the label): the first layer size must be {features}.");
            }

            return layers;
        }

        // The output layer has one unit per class 0 … max label: a stray huge label names its row here
        // rather than failing as an impossible layer size (or overflowing int) later.
        int[] labels = training.Labels!;
        int largest = Array.IndexOf(labels, labels.Max());
        if (labels[largest] >= NetworkArchitecture.MaxUnitsPerLayer)
        {
            throw training.ErrorAt(
                largest, training.LabelColumn, $"label {labels[largest]} would need a network with {(long)labels[largest] + 1} outputs (at most {NetworkArchitecture.MaxUnitsPerLayer}); class labels are 0 … K−1.");
        }

        return new NetworkArchitecture(features, TrainSettings.DefaultHiddenUnits, labels[largest] + 1);
    }

    private static void CheckLabels(CsvTable table, NetworkArchitecture architecture, bool fromLayers)
    {
        int classes = architecture.OutputCount;
        int[] labels = table.Labels!;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                string why = fromLayers
                    ? $"the last layer size in --layers is {classes}, so labels must be 0 … {classes - 1}"
                    : $"the training data's labels are 0 … {classes - 1}, so the network has {classes} outputs";
                throw table.ErrorAt(i, table.LabelColumn, $"label {labels[i]} is out of range: {why}.");
            }
        }
    }

    private static string DescribeData(int training, int? validation, int? test, bool digits)
    {
        string text = $"{training} training";
        if (validation is { } v)
        {
            text += $", {v} validation";
        }

        if (test is { } t)
        {
            text += $", {t} test";
        }

        text += " examples";
        return digits ? text + " (fixed split)" : text;
    }

    private static string DescribeScaling(ScalingKind kind) => kind switch
    {
        ScalingKind.MinMax => "min-max scaling",
        ScalingKind.Standardize => "standardized inputs",
        _ => "no input scaling",
    };

    private static string OptimizerName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Lbfgs => "L-BFGS",
        OptimizerKind.ConjugateGradient => "conjugate gradients",
        OptimizerKind.Adam => "Adam",
        OptimizerKind.Sgd => "momentum SGD",
        _ => "gradient descent",
    };

    private static string DescribeOptimizer(TrainerOptions options)
    {
        string name = OptimizerName(options.Optimizer);
        return options.Optimizer switch
        {
            OptimizerKind.Adam => $"{name} (α = {F(options.EffectiveLearningRate)}, {Batch(options)})",
            OptimizerKind.Sgd => $"{name} (α = {F(options.EffectiveLearningRate)}, μ = {F(options.Momentum)}, {Batch(options)})",
            OptimizerKind.GradientDescent => $"{name} (α = {F(options.EffectiveLearningRate)})",
            _ => name,
        };
    }

    private static string Batch(TrainerOptions options) => options.BatchSize == 0 ? "full batch" : $"batches of {options.BatchSize}";

    private static string DescribeStop(TrainingResult result, string unit, int patience) => result.StopReason switch
    {
        StopReason.Converged => $"converged after {result.Epochs} {Plural(result.Epochs, unit)} (no further descent)",
        StopReason.EarlyStopping => $"early stopping after {result.Epochs} {Plural(result.Epochs, unit)} ({patience} without a lower validation cost); kept {unit} {result.BestEpoch}",
        StopReason.TargetCost => $"reached the target cost after {result.Epochs} {Plural(result.Epochs, unit)}",
        _ => $"stopped after {result.Epochs} {Plural(result.Epochs, unit)} (the limit)",
    };

    private static string Accuracy(EvaluationReport report)
    {
        int correct = 0;
        for (int k = 0; k < report.ClassCount; k++)
        {
            correct += report.Count(k, k);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{report.Accuracy * 100:F2}% ({correct} / {report.Examples})");
    }

    private static string Plural(int count, string unit) => count == 1 ? unit : unit + "s";

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString(elapsed.TotalSeconds < 10 ? "F2" : "F1", CultureInfo.InvariantCulture) + " s";

    private static string F(float value) => value.ToString(CultureInfo.InvariantCulture);

    private static int TerminalWidth(CliConsole console)
    {
        if (!console.OutIsTerminal)
        {
            return 80;
        }

        try
        {
            int width = Console.WindowWidth;
            return width > 0 ? width : 80;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return 80;
        }
    }
}
