using Edge.FirmwareSim.LoRaWan;

namespace Edge.FirmwareSim.Tests.LoRaWan;

public sealed class DevEuiTests
{
    [Fact]
    public void For_DeviceId_Is16LowerCaseHexDigitsStableAndDistinct()
    {
        var euis = Enumerable.Range(1, 1000).Select(n => DevEui.For($"sim-rg-{n:D4}")).ToList();

        Assert.All(euis, eui => Assert.Matches("^[0-9a-f]{16}$", eui));
        Assert.Equal(euis.Count, euis.Distinct(StringComparer.Ordinal).Count());
        // The rule the README gives, so a provisioning script can compute it: SHA-256 of the id, first eight bytes.
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("sim-rg-0001"u8)[..8]), euis[0]);
    }
}
