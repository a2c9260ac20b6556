using System.Globalization;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Edge.Telemetry.Validation;

namespace Edge.Cloud.Ingest;

/// <summary>Checks each item of a batch on its own; a bad item is refused with a reason and the rest go on.</summary>
internal static class IngestValidator
{
    private static readonly HashSet<string> Sources = [ReadingSources.Mqtt, ReadingSources.Lorawan, ReadingSources.Gsm, ReadingSources.Http];
    private static readonly HashSet<string> Severities = ["info", "warning", "critical"];
    private static readonly HashSet<string> AlertStates = ["raised", "cleared"];

    public static string? Check(Reading reading, string gatewayId, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (CheckCommon(reading.Id, reading.GatewayId, reading.DeviceId, reading.Ts, gatewayId, now, maxClockSkew) is { } common)
        {
            return common;
        }

        if (!Sources.Contains(reading.Source))
        {
            return $"unknown source \"{reading.Source}\"";
        }

        if (reading.Values is null || reading.Values.Count == 0)
        {
            return "no values";
        }

        foreach (var (metric, value) in reading.Values)
        {
            if (ReadingValidator.CheckValue(metric, value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    public static string? Check(Alert alert, string gatewayId, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (CheckCommon(alert.Id, alert.GatewayId, alert.DeviceId, alert.Ts, gatewayId, now, maxClockSkew) is { } common)
        {
            return common;
        }

        if (!Severities.Contains(alert.Severity))
        {
            return $"unknown severity \"{alert.Severity}\"";
        }

        return AlertStates.Contains(alert.State) ? null : $"unknown state \"{alert.State}\"";
    }

    public static string? Check(Gap gap, string gatewayId, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (CheckCommon(gap.Id, gap.GatewayId, gap.DeviceId, gap.To, gatewayId, now, maxClockSkew) is { } common)
        {
            return common;
        }

        if (gap.Count < 1)
        {
            return $"gap count {gap.Count} is not positive";
        }

        return gap.From > gap.To ? "gap from is after to" : null;
    }

    private static string? CheckCommon(string? id, string? itemGatewayId, string? deviceId, DateTimeOffset ts, string gatewayId, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        var prefix = gatewayId + ":";
        if (id is null || !id.StartsWith(prefix, StringComparison.Ordinal)
            || !ulong.TryParse(id.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return $"id \"{id}\" is not {gatewayId}:<journal sequence>";
        }

        if (itemGatewayId != gatewayId)
        {
            return $"gatewayId \"{itemGatewayId}\" does not match the sending gateway {gatewayId}";
        }

        if (deviceId is null || !DeviceId.IsValid(deviceId))
        {
            return $"invalid device id \"{deviceId}\"";
        }

        if (ts > now + maxClockSkew)
        {
            return $"ts {ts:O} is ahead of the cloud's clock";
        }

        return null;
    }
}
