using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Journal;
using Edge.Gateway.Sources;
using Edge.Telemetry.Contracts;
using Edge.Testing;

namespace Edge.Gateway.Tests.Sources;

/// <summary>
/// The built firmware simulator with <c>--protocol mixed</c> (four devices: MQTT JSON, Cayenne LPP, ChirpStack v4, The Things
/// Stack v3) against the gateway's real sources and decoders on a real Mosquitto: every reading is journaled with the
/// device's canonical metrics (LoRaWAN ones with the radio's RSSI and SNR), none is dead-lettered. The gateway is provisioned
/// the way firmware-sim/README.md tells: DevEUI = first eight bytes of SHA-256(device id), the LPP profile of the report.
/// </summary>
public sealed class SimulatorProtocolsTests : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private const int Count = 5;
    private const string Profile = """
        {"id":"edge-sim-lpp","codec":"cayenne-lpp","fields":{"analog_in_1":"rain_mm","analog_in_2":{"metric":"rain_rate_mmh","scale":10},"temperature_3":"temperature_c",
         "analog_in_4":"battery_v","distance_5":"water_level_m","analog_in_6":"soil_moisture_pct","analog_in_7":"pore_pressure_kpa",
         "analog_in_8":"tilt_x_deg","analog_in_9":"tilt_y_deg","distance_10":{"metric":"displacement_mm","unit":"m"}}}
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly MosquittoBroker _broker;
    private readonly GatewayServices _gateway;

    public SimulatorProtocolsTests(MosquittoBroker broker)
    {
        _broker = broker;
        _gateway = new GatewayServices(new Dictionary<string, string?>
        {
            ["Mqtt:Broker"] = broker.Address,
            ["Mqtt:ClientId"] = "gw-sim-" + Guid.NewGuid().ToString("N"),
        });
    }

    public async Task InitializeAsync()
    {
        _gateway.Get<GatewayConfigState>().Set(new GatewayConfig
        {
            GatewayId = "gw-test",
            Devices =
            [
                new GatewayDevice("sx-rg-0001", "rain_gauge", "mqtt json", "active", null, null),
                new GatewayDevice("sx-rl-0001", "river_level", "lpp", "active", null, null) { ProfileId = "edge-sim-lpp" },
                new GatewayDevice("sx-sm-0001", "soil_moisture", "chirpstack", "active", null, null) { DevEui = DevEui("sx-sm-0001"), ProfileId = "edge-sim-lpp" },
                new GatewayDevice("sx-tm-0001", "tilt_meter", "tts", "active", null, null) { DevEui = DevEui("sx-tm-0001"), ProfileId = "edge-sim-lpp" },
            ],
            Profiles = [JsonDocument.Parse(Profile).RootElement.Clone()],
        }, ConfigSource.Cloud, null, null);
        await _gateway.Loop<JournalWriter>().StartAsync(CancellationToken.None);
        await _gateway.Loop<MqttTelemetrySource>().StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _gateway.Loop<MqttTelemetrySource>().StopAsync(CancellationToken.None);
        await _gateway.Loop<JournalWriter>().StopAsync(CancellationToken.None);
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task MixedProtocols_EveryReadingJournaledWithCanonicalMetrics_NoneDeadLettered()
    {
        await Eventually.HoldsAsync(() => Task.FromResult(_gateway.Get<GatewayState>().MqttConnected), connected => connected, Timeout, "gateway subscribed");
        var reportPath = Path.Combine(Directory.CreateTempSubdirectory("edge-sim-gw-").FullName, "report.json");

        await using (var simulator = ExternalProcess.StartDotnet(RepoPaths.ProgramDll("firmware-sim", "Edge.FirmwareSim"), [
            "--devices", "4", "--protocol", "mixed", "--rate", "20", "--count", Count.ToString(CultureInfo.InvariantCulture),
            "--broker", _broker.Address, "--id-prefix", "sx-", "--seed", "2", "--scenario", "storm", "--report", reportPath, "--drain-timeout", "5s"]))
        {
            Assert.True(await simulator.WaitForExitAsync(Timeout) == 0, simulator.Output);
        }

        var database = _gateway.Get<JournalDatabase>();
        await Eventually.HoldsAsync(
            () => Task.FromResult(JournalStatistics.Read(database)), s => s.PendingReadings == 4 * Count || s.DeadLetters > 0, Timeout, "every reading journaled");
        var stats = JournalStatistics.Read(database);
        Assert.Equal((4L * Count, 0L), (stats.PendingReadings, stats.DeadLetters));

        var bodies = Bodies(database);
        Assert.All(bodies["sx-rg-0001"], body => AssertMetrics(body, "rain_mm", "rain_rate_mmh", "temperature_c", "battery_v"));
        Assert.All(bodies["sx-rl-0001"], body => AssertMetrics(body, "water_level_m", "battery_v"));
        Assert.All(bodies["sx-sm-0001"], body => AssertMetrics(body, "soil_moisture_pct", "pore_pressure_kpa", "battery_v", "rssi_dbm", "snr_db"));
        Assert.All(bodies["sx-tm-0001"], body => AssertMetrics(body, "tilt_x_deg", "tilt_y_deg", "displacement_mm", "battery_v", "rssi_dbm", "snr_db"));

        // What the report tells a provisioning script is what this gateway was given.
        var report = JsonNode.Parse(await File.ReadAllTextAsync(reportPath))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Profile), report["scenario"]!["lppProfile"]), report["scenario"]!["lppProfile"]!.ToJsonString());
        Assert.Equal(
            ["mqtt", "lpp", "chirpstack", "tts"],
            report["devices"]!.AsArray().Select(device => device!["protocol"]!.GetValue<string>()));
        Assert.Equal(DevEui("sx-sm-0001"), report["devices"]![2]!["devEui"]!.GetValue<string>());
    }

    private static string DevEui(string deviceId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deviceId)).AsSpan(0, 8));

    private static void AssertMetrics(string body, params string[] metrics)
    {
        using var json = JsonDocument.Parse(body);
        var values = json.RootElement.EnumerateObject().Select(value => value.Name).Order(StringComparer.Ordinal); // the journal keeps the values
        Assert.Equal(metrics.Order(StringComparer.Ordinal), values);
    }

    private static Dictionary<string, List<string>> Bodies(JournalDatabase database)
    {
        var bodies = new Dictionary<string, List<string>>();
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT device_id, body FROM entries";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var device = reader.GetString(0);
            if (!bodies.TryGetValue(device, out var list))
            {
                bodies[device] = list = [];
            }

            list.Add(reader.GetString(1));
        }

        return bodies;
    }
}
