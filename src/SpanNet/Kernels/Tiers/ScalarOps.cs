using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpanNet.Kernels.Tiers;

/// <summary>
/// The scalar tier: one lane, plain float arithmetic (multiply then add, never a software FMA),
/// masks as float bit patterns. It is the reference every vector tier is compared with and the
/// path taken when hardware intrinsics are disabled.
/// </summary>
internal readonly struct ScalarOps : IVectorOps<float>
{
    private const int AllBits = -1;

    public static int Count => 1;

    public static bool HasWideRegisterFile => false;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source, nint offset) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination, nint offset) => Unsafe.Add(ref destination, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Divide(float a, float b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sqrt(float value) => MathF.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(float a, float b, float c, float d) => Vector128.Create(a, b, c, d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Abs(float value) => MathF.Abs(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinPropagatingNaN(float limit, float value) => value < limit || float.IsNaN(value) ? value : limit;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GreaterThanOrEqual(float a, float b) => BitConverter.Int32BitsToSingle(a >= b ? AllBits : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Select(float mask, float whenTrue, float whenFalse) =>
        BitConverter.SingleToInt32Bits(mask) != 0 ? whenTrue : whenFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float And(float a, float b) =>
        BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TailMask(int count) => BitConverter.Int32BitsToSingle(count > 0 ? AllBits : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float PowerOfTwoFromMagic(float magicPlusK) =>
        BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(magicPlusK) - VectorConstants.MagicBitsMinusBias) << 23);
}
