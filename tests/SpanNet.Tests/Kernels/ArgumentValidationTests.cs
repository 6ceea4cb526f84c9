using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>Bad arguments throw, naming the argument, before anything is written.</summary>
public class ArgumentValidationTests
{
    private const float Untouched = 12345f;

    [Fact]
    public void GemvRejectsWrongShapes()
    {
        float[] y = Fresh(4);
        Throws<ArgumentException>("matrix", () => SimdKernels.Gemv(new float[11], 3, 4, new float[4], y));
        Throws<ArgumentException>("x", () => SimdKernels.Gemv(new float[12], 3, 4, new float[5], y));
        Throws<ArgumentException>("destination", () => SimdKernels.Gemv(new float[12], 3, 4, new float[4], y.AsSpan(0, 2)));
        Throws<ArgumentOutOfRangeException>("rows", () => SimdKernels.Gemv(new float[0], -1, 4, new float[4], y));
        Throws<ArgumentOutOfRangeException>("columns", () => SimdKernels.GemvAdd(new float[0], 1, -4, new float[4], y));
        Throws<ArgumentException>("theta", () => SimdKernels.GemvBiasColumn(new float[12], 3, new float[4], y));
        AssertUntouched(y);
    }

    [Fact]
    public void GemvMessageStatesTheExpectedSize()
    {
        var e = Assert.Throws<ArgumentException>(() => SimdKernels.Gemv(new float[11], 3, 4, new float[4], new float[3]));
        Assert.Contains("3 × 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GemvRejectsDestinationOverlappingAnInput()
    {
        float[] buffer = Fresh(20);
        Throws<ArgumentException>("destination", () => SimdKernels.Gemv(buffer.AsSpan(0, 12), 3, 4, buffer.AsSpan(12, 4), buffer.AsSpan(14, 3)));
        Throws<ArgumentException>("destination", () => SimdKernels.Gemv(buffer.AsSpan(0, 12), 3, 4, new float[4], buffer.AsSpan(10, 3)));
        AssertUntouched(buffer);
    }

    [Fact]
    public void TransposedAndBackpropRejectWrongShapes()
    {
        float[] y = Fresh(6);
        Throws<ArgumentException>("matrix", () => SimdKernels.GemvTransposed(new float[11], 3, 4, new float[3], y));
        Throws<ArgumentException>("x", () => SimdKernels.GemvTransposedAdd(new float[12], 3, 4, new float[4], y));
        Throws<ArgumentException>("destination", () => SimdKernels.GemvTransposed(new float[12], 3, 4, new float[3], y.AsSpan(0, 3)));
        Throws<ArgumentException>("theta", () => SimdKernels.BackpropDelta(new float[12], 3, new float[3], new float[4], y));
        Throws<ArgumentException>("deltaNext", () => SimdKernels.BackpropDelta(new float[15], 3, new float[2], new float[4], y));
        Throws<ArgumentException>("destination", () => SimdKernels.BackpropDelta(new float[15], 3, new float[3], new float[4], y.AsSpan(0, 3)));
        AssertUntouched(y);
    }

    [Fact]
    public void OuterProductRejectsWrongShapes()
    {
        float[] m = Fresh(12);
        Throws<ArgumentException>("matrix", () => SimdKernels.AddOuterProduct(1f, new float[3], new float[5], m));
        Throws<ArgumentException>("matrix", () => SimdKernels.AddOuterProductBiasColumn(1f, new float[3], new float[4], m));
        Throws<ArgumentException>("matrix", () => SimdKernels.AddOuterProduct(1f, m.AsSpan(0, 3), new float[4], m));
        AssertUntouched(m);
    }

    [Fact]
    public void ElementwiseKernelsRejectShortOrShiftedDestinations()
    {
        float[] buffer = Fresh(10);
        Throws<ArgumentException>("destination", () => SimdKernels.Sigmoid(new float[5], buffer.AsSpan(0, 4)));
        Throws<ArgumentException>("destination", () => SimdKernels.Sigmoid(buffer.AsSpan(0, 5), buffer.AsSpan(1, 5)));
        Throws<ArgumentException>("destination", () => SimdKernels.Scale(buffer.AsSpan(0, 5), 2f, buffer.AsSpan(2, 5)));
        Throws<ArgumentException>("destination", () => SimdKernels.Axpy(2f, buffer.AsSpan(0, 5), buffer.AsSpan(3, 5)));
        Throws<ArgumentException>("y", () => SimdKernels.Dot(new float[3], new float[4]));
        Throws<ArgumentException>("targets", () => SimdKernels.LogLossSum(new float[3], new float[4]));
        AssertUntouched(buffer);
    }

    [Fact]
    public void UnsupportedPathIsRefused()
    {
        // No machine supports an undefined path, so this runs everywhere; a real but missing tier
        // (AVX-512 on a machine without it) is refused the same way.
        var paths = new List<SimdPath> { (SimdPath)42 };
        if (!SimdInfo.IsSupported(SimdPath.Vector512))
        {
            paths.Add(SimdPath.Vector512);
        }

        foreach (SimdPath path in paths)
        {
            float[] y = Fresh(4);
            Assert.Throws<PlatformNotSupportedException>(() => SimdKernels.Sigmoid(path, new float[4], y));
            Assert.Throws<PlatformNotSupportedException>(() => SimdKernels.Scale(path, new float[4], 2f, y));
            Assert.Throws<PlatformNotSupportedException>(() => SimdKernels.Gemv(path, new float[8], 2, 4, new float[4], y.AsSpan(0, 2), SimdKernels.GemvStart.Zero));
            Assert.Throws<PlatformNotSupportedException>(() => SimdKernels.Dot(path, new float[4], new float[4]));
            AssertUntouched(y);
        }
    }

    private static float[] Fresh(int n) => [.. Enumerable.Repeat(Untouched, n)];

    private static void AssertUntouched(float[] buffer) => Assert.All(buffer, v => Assert.Equal(Untouched, v));

    private static void Throws<T>(string parameter, Action action)
        where T : ArgumentException
    {
        T e = Assert.Throws<T>(action);
        Assert.Equal(parameter, e.ParamName);
    }
}
