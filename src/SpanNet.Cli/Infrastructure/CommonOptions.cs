using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SpanNet.Cli.Infrastructure;

/// <summary>
/// Options several commands share, built the same way everywhere. Values are parsed in the
/// invariant culture and checked at parse time, so a bad value is a usage error (exit 2) before the
/// command runs.
/// </summary>
public static class CommonOptions
{
    /// <summary>A required file path option, e.g. <c>--model FILE</c>.</summary>
    /// <param name="name">The option name with dashes.</param>
    /// <param name="description">Help text.</param>
    /// <param name="helpName">The value's placeholder in help.</param>
    /// <returns>The option.</returns>
    public static Option<string> RequiredPath(string name, string description, string helpName = "FILE") => new(name)
    {
        Description = description,
        HelpName = helpName,
        Required = true,
    };

    /// <summary><c>--model FILE</c>, a SpanNet model (.spn).</summary>
    /// <returns>The option.</returns>
    public static Option<string> Model() => RequiredPath("--model", "The model file (.spn).");

    /// <summary><c>--json</c>: print one JSON object instead of text.</summary>
    /// <returns>The option.</returns>
    public static Option<bool> Json() => new("--json") { Description = "Print the result as one JSON object on one line." };

    /// <summary><c>--lambda L</c>, the L2 regularization strength λ (finite, ≥ 0).</summary>
    /// <param name="required">Whether it must be given.</param>
    /// <param name="defaultValue">The value when it is not given (ignored when required).</param>
    /// <returns>The option.</returns>
    public static Option<float> Lambda(bool required, float defaultValue = 0f)
    {
        var option = new Option<float>("--lambda")
        {
            Description = "The regularization strength λ ≥ 0 (the bias column is not regularized).",
            HelpName = "L",
            Required = required,
            CustomParser = result => ParseFloat(result, "--lambda", min: 0f),
        };
        if (!required)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>An integer option that must be in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="name">The option name.</param>
    /// <param name="description">Help text.</param>
    /// <param name="defaultValue">The value when not given.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <returns>The option.</returns>
    public static Option<int> BoundedInt(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = LastToken(result);
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            {
                result.AddError($"{name} must be an integer in {min} … {max}; got '{text}'.");
                return default;
            }

            return value;
        },
    };

    /// <summary>An optional number that must be finite and &gt; 0 (null when not given), e.g. <c>--learning-rate R</c>.</summary>
    /// <param name="name">The option name.</param>
    /// <param name="description">Help text.</param>
    /// <param name="helpName">The value's placeholder in help.</param>
    /// <returns>The option.</returns>
    public static Option<float?> OptionalPositiveFloat(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            string text = LastToken(result);
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value) || value <= 0)
            {
                result.AddError($"{name} must be a finite number > 0; got '{text}'.");
                return null;
            }

            return value;
        },
    };

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>) (or the open interval), e.g. <c>--momentum</c>, <c>--validation-split</c>.</summary>
    /// <param name="name">The option name.</param>
    /// <param name="description">Help text.</param>
    /// <param name="helpName">The value's placeholder in help.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound (excluded).</param>
    /// <param name="minIncluded">Whether <paramref name="min"/> itself is allowed.</param>
    /// <param name="usedAsSingle">The value is used as a 32-bit float, so it must also be below <paramref name="max"/> after rounding to one.</param>
    /// <returns>The option (null when not given).</returns>
    public static Option<double?> OptionalFraction(string name, string description, string helpName, double min, double max, bool minIncluded, bool usedAsSingle = false) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            string text = LastToken(result);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !(minIncluded ? value >= min : value > min) || !(value < max)
                || (usedAsSingle && !((float)value < (float)max))) // 0.99999999 is below 1, but 1 as a float
            {
                string interval = string.Create(CultureInfo.InvariantCulture, $"{(minIncluded ? "[" : "(")}{min}, {max})");
                result.AddError($"{name} must be a number in {interval}; got '{text}'.");
                return null;
            }

            return value;
        },
    };

    /// <summary>An option whose value is one of a few names, e.g. <c>--optimizer lbfgs|cg|adam|sgd|gd</c>; the value is the name as listed (lower case).</summary>
    /// <param name="name">The option name.</param>
    /// <param name="description">Help text.</param>
    /// <param name="defaultName">The default choice.</param>
    /// <param name="choices">The accepted names (matched ignoring case), in the order help lists them.</param>
    /// <returns>The option.</returns>
    public static Option<string> Choice(string name, string description, string defaultName, params string[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = string.Join('|', choices),
            DefaultValueFactory = _ => defaultName,
            CustomParser = result =>
            {
                string text = LastToken(result);
                string? match = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    result.AddError($"{name} must be one of {string.Join(", ", choices)}; got '{text}'.");
                    return defaultName;
                }

                return match;
            },
        };
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>Parses the option's value as a finite float ≥ <paramref name="min"/>, or records a parse error.</summary>
    /// <param name="result">The argument being parsed.</param>
    /// <param name="name">The option name, for the message.</param>
    /// <param name="min">The smallest allowed value.</param>
    /// <returns>The value (0 after an error).</returns>
    public static float ParseFloat(ArgumentResult result, string name, float min)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = LastToken(result);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value) || value < min)
        {
            result.AddError($"{name} must be a finite number ≥ {min.ToString(CultureInfo.InvariantCulture)}; got '{text}'.");
            return default;
        }

        return value;
    }

    private static string LastToken(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
