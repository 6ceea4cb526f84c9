using SpanNet.Backprop;
using SpanNet.Data;
using SpanNet.Models;

namespace SpanNet.Evaluation;

/// <summary>How a model does on labeled data.</summary>
/// <param name="Examples">m.</param>
/// <param name="Accuracy">Fraction classified right (argmax of the outputs equals the label).</param>
/// <param name="Cost">Unregularized cross-entropy J (λ = 0).</param>
/// <param name="ConfusionMatrix">K × K counts, row = true class, column = predicted class, row-major.</param>
/// <param name="ClassCount">K.</param>
public sealed record EvaluationReport(int Examples, double Accuracy, double Cost, int[] ConfusionMatrix, int ClassCount)
{
    /// <summary>How many examples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    /// <param name="actual">The true class, 0 … K − 1.</param>
    /// <param name="predicted">The predicted class, 0 … K − 1.</param>
    /// <returns>The count.</returns>
    public int Count(int actual, int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, ClassCount);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
        return ConfusionMatrix[(actual * ClassCount) + predicted];
    }
}

/// <summary>Accuracy, cost and confusion matrix of a model.</summary>
public static class ModelEvaluation
{
    /// <summary>Evaluates <paramref name="model"/> on raw (unscaled) examples; the model's own scaling is applied.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Examples with the model's feature and output counts.</param>
    /// <returns>The report.</returns>
    public static EvaluationReport Evaluate(Model model, LabeledData data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != model.Architecture.InputCount || data.OutputCount != model.Architecture.OutputCount)
        {
            throw new ArgumentException(
                $"The data has {data.FeatureCount} features and {data.OutputCount} outputs; the model takes {model.Architecture.InputCount} and has {model.Architecture.OutputCount}.", nameof(data));
        }

        LabeledData scaled = model.Scaling is null ? data : data.WithFeatures(model.Scaling.ApplyAll(data.AllFeatures));
        double cost = new Backpropagation(model.Architecture).Cost(model.Parameters, scaled, 0f);

        int k = model.Architecture.OutputCount;
        int[] confusion = new int[k * k];
        int correct = 0;
        var workspace = new Networks.Workspace(model.Architecture);
        for (int i = 0; i < data.Count; i++)
        {
            int predicted = model.PredictClass(data.Features(i), workspace);
            int actual = data.Label(i);
            confusion[(actual * k) + predicted]++;
            correct += predicted == actual ? 1 : 0;
        }

        return new EvaluationReport(data.Count, (double)correct / data.Count, cost, confusion, k);
    }
}
