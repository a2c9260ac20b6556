using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.EndToEnd.Tests.Platform;
using Edge.Testing;

namespace Edge.EndToEnd.Tests;

/// <summary>One reading from a sensor (mosquitto_pub) through the village broker, the gateway and the cloud to the live map.</summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class ReadingPathTests(LocalPlatform platform)
{
    private static readonly DateTimeOffset MeasuredAt = Sensor.AnHourAgo.AddHours(-4);

    [Fact]
    public async Task Reading_PublishedBySensor_IsStoredOnceServedByApiAndPushedLive()
    {
        var token = await platform.LoginAsync();
        await using var live = await SignalRTestClient.ConnectAsync(new Uri(platform.CloudUrl, "hubs/control-room"), token);

        await Sensor.PublishAsync(platform.Broker, "devices/e2e-1/telemetry", Sensor.Telemetry(MeasuredAt, 1, "water_level_m", 1.84));

        var pushed = await live.WaitForAsync("reading", r => r.GetProperty("deviceId").GetString() == "e2e-1", TimeSpan.FromSeconds(15));
        Assert.Equal(1.84, pushed.GetProperty("values").GetProperty("water_level_m").GetDouble());
        Assert.Equal(1, await Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'e2e-1'"));

        using var http = new HttpClient { BaseAddress = platform.CloudUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = await http.GetFromJsonAsync<JsonElement>(string.Create(CultureInfo.InvariantCulture, $"api/v1/devices/e2e-1/readings?from={MeasuredAt.AddHours(-1).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}&to={MeasuredAt.AddHours(1).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"));
        var reading = Assert.Single(body.GetProperty("readings").EnumerateArray());
        Assert.Equal(pushed.GetProperty("readingId").GetString(), reading.GetProperty("id").GetString());
        Assert.StartsWith(LocalPlatform.GatewayId + ":", reading.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(1.84, reading.GetProperty("values").GetProperty("water_level_m").GetDouble());
    }

    [Fact]
    public async Task Reading_DeliveredTwiceBySensor_IsStoredOnce()
    {
        var payload = Sensor.Telemetry(MeasuredAt, 7, "rain_mm", 0.4);

        await Sensor.PublishAsync(platform.Broker, "devices/e2e-twice/telemetry", payload);
        await Sensor.PublishAsync(platform.Broker, "devices/e2e-twice/telemetry", payload);
        await Sensor.PublishAsync(platform.Broker, "devices/e2e-twice/telemetry", Sensor.Telemetry(MeasuredAt.AddMinutes(1), 8, "rain_mm", 0.2));

        await Eventually.HoldsAsync(
            () => Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'e2e-twice' AND seq = 8"),
            count => count == 1, TimeSpan.FromSeconds(15), "the reading after the repeat arrives");
        Assert.Equal(1, await Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'e2e-twice' AND seq = 7"));
    }

    [Fact]
    public async Task MalformedInput_IsDeadLetteredWithReason_AndTheNextGoodReadingArrives()
    {
        var oneMegabyte = Path.GetTempFileName();
        await File.WriteAllTextAsync(oneMegabyte, "{\"values\":{\"rain_mm\":" + new string('1', 1024 * 1024) + "}}");
        try
        {
            await Sensor.PublishAsync(platform.Broker, "devices/e2e-bad/telemetry", "this is not JSON");
            await Sensor.PublishAsync(platform.Broker, "devices/e2e-bad/telemetry", "{\"values\":{\"water_level_m\":999}}");
            await Sensor.PublishAsync(platform.Broker, "devices/e2e-bad/telemetry", "{\"values\":{\"water_level_m\":\"NaN\"}}");
            await Sensor.PublishFileAsync(platform.Broker, "devices/e2e-bad/telemetry", oneMegabyte);
            await Sensor.PublishAsync(platform.Broker, "devices/not a valid id/telemetry", "{\"rain_mm\":1}");
            await Sensor.PublishAsync(platform.Broker, "devices/e2e-bad/telemetry", Sensor.Telemetry(MeasuredAt, 1, "water_level_m", 2.5));

            await Eventually.HoldsAsync(
                () => Database.CountAsync(platform.DatabaseConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'e2e-bad'"),
                count => count == 1, TimeSpan.FromSeconds(15), "the good reading after the bad ones arrives");
            var reasons = await JournalDeadLetters.ReasonsAsync(platform.JournalPath);
            Assert.Contains(reasons, r => r.Contains("not valid JSON", StringComparison.Ordinal));
            Assert.Contains(reasons, r => r.Contains("water_level_m = 999 m is outside -10 to 100 m", StringComparison.Ordinal));
            Assert.Contains(reasons, r => r.Contains("water_level_m is NaN", StringComparison.Ordinal));
            Assert.Contains(reasons, r => r.Contains("exceeds the limit", StringComparison.Ordinal));
            Assert.Contains(reasons, r => r.Contains("invalid device id \"not a valid id\"", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(oneMegabyte);
        }
    }
}
