using System.Text.Json;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Journal;
using Edge.Gateway.Sources;
using Edge.Gateway.Tests.Journal;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Tests.Alarms;

/// <summary>The journal writer with the rule engine: alerts and SMS journaled with the readings that caused them.</summary>
public sealed class LocalAlarmTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1795300000);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("edge-alarms-").FullName;
    private readonly Inbound _inbound = new();

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Alarms:SmsContacts:0:Name"] = "Village chief",
        ["Alarms:SmsContacts:0:Phone"] = "+254700000001",
        ["Alarms:SmsContacts:0:MinSeverity"] = "warning",
    };

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static GatewayConfig Config(params string[] rules) => new()
    {
        GatewayId = "gw-test",
        Devices = [new GatewayDevice("rl-1", "river_level", "rl-1", "active", null, null), new GatewayDevice("rg-1", "rain_gauge", "rg-1", "active", null, null)],
        Rules = [.. rules.Select(rule => JsonDocument.Parse(rule).RootElement.Clone())],
    };

    private const string RiverThreshold = """
        {"kind":"threshold","metric":"water_level_m","levels":[{"severity":"warning","raise":2.5,"clear":2.3},{"severity":"critical","raise":3.0,"clear":2.8}]}
        """;

    private async Task<GatewayServices> StartAsync(GatewayConfig config)
    {
        var gateway = new GatewayServices(Settings, _dataDirectory);
        gateway.Get<GatewayConfigState>().Set(config, ConfigSource.Cloud, null, null);
        await gateway.Loop<JournalWriter>().StartAsync(CancellationToken.None);
        return gateway;
    }

    private async Task PublishAsync(GatewayServices gateway, string deviceId, DateTimeOffset ts, string metric, double value)
    {
        await gateway.Get<InboundQueue>().Writer.WriteAsync(_inbound.Telemetry(deviceId,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $$$"""{"ts":"{{{ts:O}}}","values":{"{{{metric}}}":{{{value}}}}}"""), receivedAt: Now));
    }

    private static List<Alert> PendingAlerts(GatewayServices gateway)
    {
        using var outbox = new JournalOutbox(gateway.Get<JournalDatabase>());
        return [.. outbox.NextBatch(10_000).Where(e => e.Kind == JournalEntryKind.Alert).Select(e => JsonSerializer.Deserialize(e.Body, TelemetryJson.Default.Alert)!)];
    }

    private static async Task StopAsync(GatewayServices gateway)
    {
        await gateway.Loop<JournalWriter>().StopAsync(CancellationToken.None);
        await gateway.DisposeAsync();
    }

    [Fact]
    public async Task Reading_AboveThreshold_AlertAndSmsJournaledWithIt()
    {
        var gateway = await StartAsync(Config(RiverThreshold));

        await PublishAsync(gateway, "rl-1", Now, "water_level_m", 3.1);
        await JournalWriterTests.WaitUntilAsync(() => _inbound.Acknowledged.Count == 1);

        var alert = Assert.Single(PendingAlerts(gateway));
        Assert.Equal(("rl-1", "critical", "raised", 3.1), (alert.DeviceId, alert.Severity, alert.State, alert.Value));
        using (var sms = new SmsOutbox(gateway.Get<JournalDatabase>()))
        {
            var message = Assert.Single(sms.Due(Now.AddYears(1), 10));
            Assert.Equal("+254700000001", message.Phone);
            Assert.StartsWith("EDGE CRITICAL rl-1", message.Text, StringComparison.Ordinal);
        }

        await StopAsync(gateway);
    }

    [Fact]
    public async Task Restart_WithAnOpenAlarm_DoesNotRaiseItAgainButClearsIt()
    {
        var gateway = await StartAsync(Config(RiverThreshold));
        await PublishAsync(gateway, "rl-1", Now, "water_level_m", 2.7);
        await JournalWriterTests.WaitUntilAsync(() => _inbound.Acknowledged.Count == 1);
        await StopAsync(gateway);

        gateway = await StartAsync(Config(RiverThreshold));
        await PublishAsync(gateway, "rl-1", Now.AddMinutes(1), "water_level_m", 2.6);
        await PublishAsync(gateway, "rl-1", Now.AddMinutes(2), "water_level_m", 2.0);
        await JournalWriterTests.WaitUntilAsync(() => _inbound.Acknowledged.Count == 3);

        var states = PendingAlerts(gateway).Select(a => a.State).ToList();
        Assert.Equal(["raised", "cleared"], states);
        await StopAsync(gateway);
    }

    [Fact]
    public async Task LateReading_IsEvaluatedAgainstItsOwnTimeWindow()
    {
        var gateway = await StartAsync(Config("""
            {"kind":"accumulation","metric":"rain_mm","windowS":3600,"levels":[{"severity":"warning","raise":10,"clear":8}]}
            """));
        await PublishAsync(gateway, "rg-1", Now.AddMinutes(-90), "rain_mm", 6);
        await PublishAsync(gateway, "rg-1", Now, "rain_mm", 0.2);
        await JournalWriterTests.WaitUntilAsync(() => _inbound.Acknowledged.Count == 2);
        Assert.Empty(PendingAlerts(gateway));

        // Measured an hour ago, arriving now: with the 6 mm half an hour before it, its hour held 11 mm.
        await PublishAsync(gateway, "rg-1", Now.AddMinutes(-61), "rain_mm", 5);
        await JournalWriterTests.WaitUntilAsync(() => _inbound.Acknowledged.Count == 3);

        var raised = PendingAlerts(gateway).First(a => a.State == "raised");
        Assert.Equal(Now.AddMinutes(-61), raised.Ts);
        Assert.Equal(11, raised.Value, 6);
        await StopAsync(gateway);
    }

    [Fact]
    public async Task NoConfiguration_DefaultRulesRun()
    {
        var gateway = new GatewayServices(Settings, _dataDirectory);
        await gateway.Loop<JournalWriter>().StartAsync(CancellationToken.None);

        await PublishAsync(gateway, "rg-9", Now.AddMinutes(-30), "rain_mm", 20);
        await PublishAsync(gateway, "rg-9", Now, "rain_mm", 0.2);
        await JournalWriterTests.WaitUntilAsync(() => _inbound.Acknowledged.Count == 2);

        Assert.Contains(PendingAlerts(gateway), a => a.Rule.StartsWith("rain_mm[1h]", StringComparison.Ordinal));
        await StopAsync(gateway);
    }
}
