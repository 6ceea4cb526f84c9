using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>Proves each CI leg runs the path it claims to: the leg sets SPANNET_EXPECTED_PATH.</summary>
public class ActivePathTests
{
    [Fact]
    public void ActivePathIsTheOneThisLegExpects()
    {
        SimdPath expected = ExpectedPath();
        Assert.Equal(expected, SimdInfo.ActivePath);
        Assert.Contains(expected, SimdInfo.SupportedPaths);
        Assert.Equal(SimdInfo.SupportedPaths.Max(), SimdInfo.ActivePath);
    }

    [Fact]
    public void HardwarePathIsAtLeastTheActiveOneAndTheWarningSaysWhenItIsMore()
    {
        if (SimdInfo.HardwarePath is not { } hardware)
        {
            Assert.Equal(SimdPath.Scalar, SimdInfo.ActivePath);
            Assert.Null(SimdInfo.PerformanceWarning);
            return;
        }

        Assert.True(hardware >= SimdInfo.ActivePath, $"hardware {hardware} < active {SimdInfo.ActivePath}");
        if (hardware == SimdInfo.ActivePath)
        {
            Assert.Null(SimdInfo.PerformanceWarning);
        }
        else
        {
            Assert.Contains(hardware.ToString(), SimdInfo.PerformanceWarning, StringComparison.Ordinal);
            // AVX-512 on but 512-bit vectors not accelerated: the runtime's width preference, not an Enable switch.
            bool prefers256 = Avx512F.IsSupported && SimdInfo.ActivePath == SimdPath.Vector256;
            Assert.Equal(prefers256, SimdInfo.PerformanceWarning!.Contains("DOTNET_PreferredVectorBitWidth=512", StringComparison.Ordinal));
            if (!prefers256)
            {
                // The switch that did it is named (unrelated DOTNET_Enable* settings are not), or, with none
                // set, the other causes (the OS's register state).
                string[] switches = [.. new[] { "DOTNET_EnableAVX512", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" }.Where(Disabled)];
                Assert.All(switches, name => Assert.Contains($"{name}=0", SimdInfo.PerformanceWarning, StringComparison.Ordinal));
                Assert.DoesNotContain("EnableWriteXorExecute", SimdInfo.PerformanceWarning, StringComparison.Ordinal);
                bool otherIsaSwitch = Environment.GetEnvironmentVariables().Keys.Cast<string>()
                    .Any(key => key.StartsWith("DOTNET_EnableAVX", StringComparison.Ordinal) || key.StartsWith("DOTNET_EnableSSE", StringComparison.Ordinal)
                        || key.StartsWith("DOTNET_EnableFMA", StringComparison.Ordinal) || key.StartsWith("COMPlus_Enable", StringComparison.Ordinal));
                if (switches.Length > 0 || !otherIsaSwitch)
                {
                    Assert.Equal(switches.Length == 0, SimdInfo.PerformanceWarning.Contains("XCR0", StringComparison.Ordinal));
                }
            }
        }

        Assert.False(SimdInfo.IsNativeAot);
    }

    [Fact]
    public void DescriptionNamesThePath() =>
        Assert.StartsWith(SimdInfo.ActivePath.ToString(), SimdInfo.ActivePathDescription, StringComparison.Ordinal);

    /// <summary>
    /// From SPANNET_EXPECTED_PATH when a CI leg sets it; otherwise derived from the DOTNET_Enable*
    /// switches and, on x64, from CPUID (independent of what the runtime chose to enable).
    /// </summary>
    private static SimdPath ExpectedPath()
    {
        string? stated = Environment.GetEnvironmentVariable("SPANNET_EXPECTED_PATH");
        if (!string.IsNullOrEmpty(stated))
        {
            return Enum.Parse<SimdPath>(stated);
        }

        if (Disabled("DOTNET_EnableHWIntrinsic"))
        {
            return SimdPath.Scalar;
        }

        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            return SimdPath.Vector128;
        }

        if (Disabled("DOTNET_EnableAVX2") || !CpuHasAvx2())
        {
            return SimdPath.Vector128;
        }

        bool prefersNarrower = int.TryParse(Environment.GetEnvironmentVariable("DOTNET_PreferredVectorBitWidth"), out int bits) && bits is > 0 and < 512;
        return Disabled("DOTNET_EnableAVX512") || !CpuHasAvx512F() || prefersNarrower ? SimdPath.Vector256 : SimdPath.Vector512;
    }

    /// <summary>The runtime reads these switches as hex: "0", "00" and "0x0" all turn the set off.</summary>
    private static bool Disabled(string variable) =>
        Environment.GetEnvironmentVariable(variable)?.Trim() is { Length: > 0 } value
        && ulong.TryParse(value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out ulong number)
        && number == 0;

    private static bool CpuHasAvx2() => X86Base.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 5)) != 0;

    private static bool CpuHasAvx512F() => X86Base.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 16)) != 0;
}
