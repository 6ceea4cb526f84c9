using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SpanNet.Kernels;

/// <summary>
/// Argument checks shared by the kernels; each throws before anything is written. The checks are
/// tiny and inlined; the messages are built in separate never-inlined throw helpers (with the
/// formatting inline, six non-inlined guard calls cost a 10×26 gemv about a third of its time).
/// </summary>
internal static class Guard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            ThrowNegative(value, name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MatrixShape(int length, int rows, int columns, string name, string rowsName = "rows", string columnsName = "columns")
    {
        NonNegative(rows, rowsName);
        NonNegative(columns, columnsName);
        if (length != (long)rows * columns)
        {
            ThrowMatrixShape(length, rows, columns, name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExactLength(int length, int expected, string name, string what)
    {
        if (length != expected)
        {
            ThrowExactLength(length, expected, name, what);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DestinationLength(int length, int required, string name = "destination")
    {
        if (length < required)
        {
            ThrowDestinationLength(length, required, name);
        }
    }

    /// <summary>A destination may not share memory with an input (the kernels read inputs after writing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> destination, string inputName, string destinationName = "destination")
    {
        if (input.Overlaps(destination))
        {
            ThrowOverlap(inputName, destinationName);
        }
    }

    /// <summary>Every value of a row-major examples × <paramref name="featureCount"/> matrix finite; the first that is not is named by example and feature.</summary>
    public static void FiniteFeatures(ReadOnlySpan<float> features, int featureCount, string name)
    {
        if (SimdKernels.IndexOfNonFinite(features) is int bad and >= 0)
        {
            throw new ArgumentException($"Feature {bad % featureCount} of example {bad / featureCount} is {features[bad]}; features must be finite.", name);
        }
    }

    /// <summary>Element-wise kernels allow exact in-place use but not a shifted overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InPlaceOrNoOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> destination, string inputName, string destinationName = "destination")
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            ThrowPartialOverlap(inputName, destinationName);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Path(SimdPath path)
    {
        if (!SimdInfo.IsSupported(path))
        {
            ThrowPath(path);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegative(int value, string name) =>
        throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be non-negative.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMatrixShape(int length, int rows, int columns, string name) =>
        throw new ArgumentException($"'{name}' has {length} elements but a {rows} × {columns} matrix needs exactly {(long)rows * columns}.", name);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowExactLength(int length, int expected, string name, string what) =>
        throw new ArgumentException($"'{name}' has {length} elements but must have exactly {expected} ({what}).", name);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDestinationLength(int length, int required, string name) =>
        throw new ArgumentException($"'{name}' has {length} elements but at least {required} are needed.", name);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOverlap(string inputName, string destinationName) =>
        throw new ArgumentException($"'{destinationName}' must not overlap '{inputName}'.", destinationName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowPartialOverlap(string inputName, string destinationName) =>
        throw new ArgumentException($"'{destinationName}' may be exactly '{inputName}' (in place) but must not partially overlap it.", destinationName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowPath(SimdPath path) =>
        throw new PlatformNotSupportedException($"The {path} path is not supported in this process.");
}
