using System.Text;
using Edge.Gateway.Decoding;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Tests.Journal;

/// <summary>Readings and alerts for journal tests.</summary>
internal static class JournalEntries
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    public static NormalizedReading Reading(string deviceId, int minute, double value = 1.0) =>
        TelemetryNormalizer.Normalize(new Inbound().Message(
            $"devices/{deviceId}/telemetry",
            Encoding.UTF8.GetBytes($$$"""{"ts":"{{{Start.AddMinutes(minute):O}}}","values":{"water_level_m":{{{value}}}}}"""),
            receivedAt: Start.AddMinutes(minute)), 65536).Reading!;

    public static Alert Alert(string deviceId, int minute) => new()
    {
        Id = string.Empty,
        GatewayId = "gw-test",
        DeviceId = deviceId,
        Rule = "water_level_m>=2.5",
        Metric = "water_level_m",
        Severity = "critical",
        State = "raised",
        Value = 2.7,
        Threshold = 2.5,
        Ts = Start.AddMinutes(minute),
    };
}
