using System.Globalization;
using System.Text.Json;
using Edge.FirmwareSim.LoRaWan;
using Edge.Telemetry;
using Edge.Testing;

namespace Edge.FirmwareSim.Tests.LoRaWan;

/// <summary>
/// The built program with <c>--protocol lpp|chirpstack|tts</c> against a real Mosquitto, watched by mosquitto_sub: each
/// message is where the gateway's sources listen, shaped as they parse it, and its payload decodes with the gateway's
/// own profile decoder (Edge.Codecs) into the device's canonical metrics.
/// </summary>
public sealed class SimulatorLoRaWanMosquittoTests : IClassFixture<MosquittoBroker>
{
    private const int Count = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly MosquittoBroker _broker;

    public SimulatorLoRaWanMosquittoTests(MosquittoBroker broker) => _broker = broker;

    [Theory]
    [InlineData("lpp")]
    [InlineData("chirpstack")]
    [InlineData("tts")]
    public async Task Run_Protocol_PublishesFramesTheGatewayDecodes(string protocol)
    {
        var prefix = protocol + "-";
        var (messages, report) = await RunAsync(protocol, prefix);
        var devices = report.RootElement.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(4, devices.Count);

        foreach (var device in devices)
        {
            var id = device.GetProperty("deviceId").GetString()!;
            var devEui = device.GetProperty("devEui").GetString()!;
            Assert.Equal(protocol, device.GetProperty("protocol").GetString());
            Assert.Equal(DevEui.For(id), devEui);
            var topic = protocol switch
            {
                "lpp" => DeviceTopics.LppTelemetry(id),
                "chirpstack" => $"application/edge-sim/device/{devEui}/event/up",
                _ => $"v3/edge-sim@ttn/devices/{id}/up",
            };
            var frames = messages.Where(message => message.Topic == topic).Select(message => message.Payload).ToList();
            Assert.Equal(Count, frames.Count);
            for (var index = 0; index < frames.Count; index++)
            {
                var values = protocol == "lpp" ? LoRaWanTestProfile.Decode(frames[index]) : DecodeNetworkServerEvent(protocol, frames[index], devEui, index);
                Assert.Contains(CanonicalMetrics.BatteryV, values.Keys);
                Assert.All(values, value => Assert.True(
                    CanonicalMetrics.TryGet(value.Key, out var metric) && value.Value >= metric.Minimum && value.Value <= metric.Maximum, $"{value.Key}={value.Value}"));
            }
        }
    }

    /// <summary>Reads the event the way the gateway's ChirpStack / TTS parsers do (same JSON paths), then decodes its payload.</summary>
    private static IReadOnlyDictionary<string, double> DecodeNetworkServerEvent(string protocol, byte[] payload, string devEui, int index)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        var chirpStack = protocol == "chirpstack";
        var uplink = chirpStack ? root : root.GetProperty("uplink_message");
        var eui = chirpStack ? root.GetProperty("deviceInfo").GetProperty("devEui").GetString() : root.GetProperty("end_device_ids").GetProperty("dev_eui").GetString();
        Assert.Equal(devEui, eui!.ToLowerInvariant());
        Assert.Equal(index, uplink.GetProperty(chirpStack ? "fCnt" : "f_cnt").GetInt64());
        Assert.Equal(1, uplink.GetProperty(chirpStack ? "fPort" : "f_port").GetInt32());
        var time = (chirpStack ? root.GetProperty("time") : uplink.GetProperty("received_at")).GetDateTimeOffset();
        Assert.InRange(time, TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow());
        var receptions = uplink.GetProperty(chirpStack ? "rxInfo" : "rx_metadata").EnumerateArray().ToList();
        Assert.NotEmpty(receptions);
        Assert.All(receptions, reception =>
        {
            Assert.InRange(reception.GetProperty("rssi").GetDouble(), -150, 0);
            Assert.InRange(reception.GetProperty("snr").GetDouble(), -40, 40);
        });
        var data = Convert.FromBase64String(uplink.GetProperty(chirpStack ? "data" : "frm_payload").GetString()!);
        return LoRaWanTestProfile.Decode(data);
    }

    private async Task<(List<(string Topic, byte[] Payload)> Messages, JsonDocument Report)> RunAsync(string protocol, string prefix)
    {
        var reportPath = Path.Combine(Directory.CreateTempSubdirectory("edge-sim-lorawan-").FullName, "report.json");
        var port = _broker.Port.ToString(CultureInfo.InvariantCulture);
        await using var watcher = ExternalProcess.Start("mosquitto_sub", ["-p", port, "-q", "1", "-F", "%t %x", "-t", "devices/+/telemetry/lpp", "-t", "application/#", "-t", "v3/#"], "mosquitto_sub");
        await Task.Delay(500);
        await using (var simulator = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("firmware-sim", "Edge.FirmwareSim"), [
            "--devices", "4", "--rate", "20", "--count", Count.ToString(CultureInfo.InvariantCulture), "--broker", _broker.Address,
            "--protocol", protocol, "--id-prefix", prefix, "--seed", "5", "--report", reportPath, "--drain-timeout", "5s"]))
        {
            Assert.True(await simulator.WaitForExitAsync(Patience) == 0, simulator.Output);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(Lines(watcher.Output).Count), count => count >= 4 * Count, Patience, "mosquitto_sub received every frame");
        var messages = Lines(watcher.Output)
            .Select(line => line.Split(' ', 2))
            .Select(parts => (parts[0], Convert.FromHexString(parts[1])))
            .ToList();
        return (messages, JsonDocument.Parse(await File.ReadAllTextAsync(reportPath)));
    }

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => line.Contains(' ', StringComparison.Ordinal))];
}
