namespace SpanNet.Kernels;

/// <summary>Argument checks shared by the kernels; each throws before anything is written.</summary>
internal static class Guard
{
    public static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be non-negative.");
        }
    }

    public static void MatrixShape(int length, int rows, int columns, string name, string rowsName = "rows", string columnsName = "columns")
    {
        NonNegative(rows, rowsName);
        NonNegative(columns, columnsName);
        long expected = (long)rows * columns;
        if (length != expected)
        {
            throw new ArgumentException(
                $"'{name}' has {length} elements but a {rows} × {columns} matrix needs exactly {expected}.", name);
        }
    }

    public static void ExactLength(int length, int expected, string name, string what)
    {
        if (length != expected)
        {
            throw new ArgumentException($"'{name}' has {length} elements but must have exactly {expected} ({what}).", name);
        }
    }

    public static void DestinationLength(int length, int required, string name = "destination")
    {
        if (length < required)
        {
            throw new ArgumentException($"'{name}' has {length} elements but at least {required} are needed.", name);
        }
    }

    /// <summary>A destination may not share memory with an input (the kernels read inputs after writing).</summary>
    public static void NoOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> destination, string inputName, string destinationName = "destination")
    {
        if (input.Overlaps(destination))
        {
            throw new ArgumentException($"'{destinationName}' must not overlap '{inputName}'.", destinationName);
        }
    }

    /// <summary>Element-wise kernels allow exact in-place use but not a shifted overlap.</summary>
    public static void InPlaceOrNoOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> destination, string inputName, string destinationName = "destination")
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"'{destinationName}' may be exactly '{inputName}' (in place) but must not partially overlap it.", destinationName);
        }
    }

    public static void Path(SimdPath path)
    {
        if (!SimdInfo.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"The {path} path is not supported in this process.");
        }
    }
}
