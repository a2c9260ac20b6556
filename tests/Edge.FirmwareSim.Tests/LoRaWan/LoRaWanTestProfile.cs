using System.Text.Json;
using Edge.Codecs.JavaScript;
using Edge.Codecs.Profiles;
using Edge.FirmwareSim.LoRaWan;

namespace Edge.FirmwareSim.Tests.LoRaWan;

/// <summary>The simulator's LPP profile, loaded by the same parser and decoder the gateway uses.</summary>
internal static class LoRaWanTestProfile
{
    public static DeviceProfile Load()
    {
        using var json = JsonDocument.Parse(LppLayout.ProfileJson().ToJsonString());
        Assert.True(DeviceProfileParser.TryParse(json.RootElement, JavaScriptSandboxLimits.Default, out var profile, out var error), error);
        return profile!;
    }

    public static IReadOnlyDictionary<string, double> Decode(byte[] frame)
    {
        var outcome = ProfileDecoder.Decode(Load(), frame, NetworkServerUplink.FPort);
        Assert.True(outcome.Error is null, outcome.Error);
        return outcome.Telemetry!.Values;
    }
}
