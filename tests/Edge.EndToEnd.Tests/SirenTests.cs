using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.EndToEnd.Tests.Platform;
using Edge.Mqtt;
using Edge.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// Local alarms without the cloud: rules set in the cloud reach the gateway, which keeps them on disk; restarted with no
/// uplink, it still raises alarms on them, and sirens on the village broker hear within 100 ms of the reading.
/// </summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class SirenTests(LocalPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task GatewayRestartedWithoutUplink_RulesFromTheCachedConfigurationFire_SirensHearWithin100Milliseconds()
    {
        await using (var connection = new NpgsqlConnection(platform.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var rule = new NpgsqlCommand("""
                INSERT INTO rules (tenant_id, definition) SELECT tenant_id, @definition::jsonb FROM gateways WHERE id = @gateway
                """, connection);
            rule.Parameters.AddWithValue("gateway", LocalPlatform.GatewayId);
            rule.Parameters.AddWithValue("definition", """
                {"kind":"threshold","metric":"water_level_m","devices":["siren-rl-1"],"levels":[{"severity":"critical","raise":3.0,"clear":2.8}]}
                """);
            await rule.ExecuteNonQueryAsync();
        }

        var village = await platform.AddVillageAsync("gw-sirens");
        await Eventually.HoldsAsync(village.HealthAsync, h => h.GetProperty("config").GetProperty("source").GetString() == "cloud"
            && h.GetProperty("config").GetProperty("rulesInForce").GetInt32() == 1, TimeSpan.FromSeconds(30), "the gateway synced the cloud's rule");
        await village.StopGatewayAsync();
        await village.StartGatewayAsync(overrides: new Dictionary<string, string?> { ["Uplink__CloudUrl"] = "http://127.0.0.1:9/" });
        var health = await village.HealthAsync();
        Assert.Equal("cache", health.GetProperty("config").GetProperty("source").GetString());

        await using var siren = await ConnectAsync(village, "siren");
        await siren.SubscribeAsync([new MqttTopicFilter($"gateway/{village.GatewayId}/alerts", MqttQualityOfService.AtLeastOnce)], CancellationToken.None);
        await using var sensor = await ConnectAsync(village, "siren-rl-1");
        var latencies = new List<double>();
        var start = Sensor.AnHourAgo;
        for (var i = -2; i < 10; i++) // the first raise and clear warm the path up (JIT) and are not counted
        {
            var level = i % 2 == 0 ? 3.2 : 2.0; // raise, clear, raise, ...
            var payload = string.Create(CultureInfo.InvariantCulture, $$$"""{"ts":"{{{start.AddMinutes(i + 2):O}}}","values":{"water_level_m":{{{level}}}}}""");
            var clock = Stopwatch.StartNew();
            await sensor.PublishAsync(new MqttApplicationMessage("devices/siren-rl-1/telemetry", Encoding.UTF8.GetBytes(payload), MqttQualityOfService.AtLeastOnce), CancellationToken.None);
            var alert = await ReceiveAsync(siren);
            if (i >= 0)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }

            Assert.Equal(i % 2 == 0 ? "raised" : "cleared", alert.GetProperty("state").GetString());
            Assert.StartsWith("gw-sirens:", alert.GetProperty("id").GetString(), StringComparison.Ordinal);
        }

        latencies.Sort();
        output.WriteLine($"reading -> siren: median {latencies[5]:F1} ms, max {latencies[^1]:F1} ms");
        Assert.True(latencies[^1] < 100, $"sirens heard too late: {string.Join(", ", latencies.Select(l => l.ToString("F0", CultureInfo.InvariantCulture)))} ms");
    }

    private static async Task<MqttClient> ConnectAsync(Village village, string clientId)
    {
        var client = new MqttClient(new MqttClientOptions { ClientId = clientId }.WithBroker(village.Broker.Address));
        await client.ConnectAsync(CancellationToken.None);
        return client;
    }

    private static async Task<JsonElement> ReceiveAsync(MqttClient siren)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await siren.Messages.ReadAsync(timeout.Token);
        await message.AcknowledgeAsync();
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.Clone();
    }
}
