namespace SpanNet.Networks;

/// <summary>
/// The unit counts s_1 … s_L of a fully-connected sigmoid network (bias units not counted):
/// the input layer, any number of hidden layers and the output layer. Layer l (0-based here) is
/// connected to layer l + 1 by Θ(l), an s_{l+1} × (s_l + 1) matrix whose column 0 multiplies the
/// bias unit. All Θ are stored one after another, row-major, in one unrolled parameter vector.
/// </summary>
public sealed class NetworkArchitecture : IEquatable<NetworkArchitecture>
{
    /// <summary>The largest unit count of a layer, so that parameter counts stay far from overflow.</summary>
    public const int MaxUnitsPerLayer = 1 << 20;

    /// <summary>The largest number of layers.</summary>
    public const int MaxLayers = 64;

    /// <summary>The largest total parameter count (2³⁰ floats = 4 GiB).</summary>
    public const long MaxParameterCount = 1L << 30;

    private readonly int[] sizes;
    private readonly int[] offsets;

    /// <summary>Creates an architecture from the unit counts of every layer, input first.</summary>
    /// <param name="layerSizes">s_1 … s_L: at least two layers, each with at least one unit.</param>
    /// <exception cref="ArgumentException">Fewer than two or more than <see cref="MaxLayers"/> layers, a layer with no units or more than <see cref="MaxUnitsPerLayer"/>, or more than <see cref="MaxParameterCount"/> parameters.</exception>
    public NetworkArchitecture(params ReadOnlySpan<int> layerSizes)
    {
        if (layerSizes.Length < 2 || layerSizes.Length > MaxLayers)
        {
            throw new ArgumentException($"A network needs between 2 and {MaxLayers} layers (input … output); got {layerSizes.Length}.", nameof(layerSizes));
        }

        sizes = layerSizes.ToArray();
        offsets = new int[sizes.Length];
        long total = 0;
        for (int l = 0; l < sizes.Length; l++)
        {
            if (sizes[l] < 1 || sizes[l] > MaxUnitsPerLayer)
            {
                throw new ArgumentException($"Layer {l + 1} has {sizes[l]} units; every layer needs between 1 and {MaxUnitsPerLayer}.", nameof(layerSizes));
            }

            offsets[l] = (int)Math.Min(total, int.MaxValue);
            if (l + 1 < sizes.Length)
            {
                total += (long)sizes[l + 1] * (sizes[l] + 1);
                if (total > MaxParameterCount)
                {
                    throw new ArgumentException($"The network would have more than {MaxParameterCount} parameters.", nameof(layerSizes));
                }
            }
        }

        ParameterCount = (int)total;
    }

    /// <summary>Number of layers L, input and output included.</summary>
    public int LayerCount => sizes.Length;

    /// <summary>The unit counts s_1 … s_L.</summary>
    public ReadOnlySpan<int> LayerSizes => sizes;

    /// <summary>s_1, the number of input features.</summary>
    public int InputCount => sizes[0];

    /// <summary>s_L, the number of outputs K.</summary>
    public int OutputCount => sizes[^1];

    /// <summary>Number of weight matrices Θ, L − 1.</summary>
    public int ThetaCount => sizes.Length - 1;

    /// <summary>Length of the unrolled parameter vector: Σ_l s_{l+1}·(s_l + 1).</summary>
    public int ParameterCount { get; }

    /// <summary>The largest layer, for sizing scratch buffers.</summary>
    public int MaxLayerSize => sizes.Max();

    /// <summary>Rows of Θ(layer): s_{layer+1}.</summary>
    /// <param name="layer">0-based index of Θ, 0 … L − 2.</param>
    /// <returns>The row count.</returns>
    public int ThetaRows(int layer) => sizes[CheckTheta(layer) + 1];

    /// <summary>Columns of Θ(layer), bias column included: s_layer + 1.</summary>
    /// <param name="layer">0-based index of Θ, 0 … L − 2.</param>
    /// <returns>The column count.</returns>
    public int ThetaColumns(int layer) => sizes[CheckTheta(layer)] + 1;

    /// <summary>Where Θ(layer) starts in the unrolled parameter vector.</summary>
    /// <param name="layer">0-based index of Θ, 0 … L − 2.</param>
    /// <returns>The offset in floats.</returns>
    public int ThetaOffset(int layer) => offsets[CheckTheta(layer)];

    /// <summary>Number of parameters in Θ(layer).</summary>
    /// <param name="layer">0-based index of Θ, 0 … L − 2.</param>
    /// <returns>Rows × columns.</returns>
    public int ThetaLength(int layer) => ThetaRows(layer) * ThetaColumns(layer);

    /// <summary>Parses "64,25,10".</summary>
    /// <param name="text">Comma-separated unit counts.</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="FormatException">The text is not a comma-separated list of integers.</exception>
    /// <exception cref="ArgumentException">The sizes are integers that no architecture takes (see the constructor), such as "64,0,10".</exception>
    public static NetworkArchitecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        int[] values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
            {
                throw new FormatException($"'{text}' is not a list of layer sizes like 64,25,10 ('{parts[i]}' is not a positive integer).");
            }
        }

        return new NetworkArchitecture(values);
    }

    /// <inheritdoc/>
    public bool Equals(NetworkArchitecture? other) => other is not null && sizes.AsSpan().SequenceEqual(other.sizes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NetworkArchitecture);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int s in sizes)
        {
            hash.Add(s);
        }

        return hash.ToHashCode();
    }

    /// <summary>"64-25-10".</summary>
    /// <returns>The unit counts joined by dashes.</returns>
    public override string ToString() => string.Join('-', sizes);

    private int CheckTheta(int layer)
    {
        if ((uint)layer >= (uint)(sizes.Length - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Θ index must be in 0 … {sizes.Length - 2} for a {sizes.Length}-layer network.");
        }

        return layer;
    }
}
