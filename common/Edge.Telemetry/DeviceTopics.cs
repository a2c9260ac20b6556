namespace Edge.Telemetry;

/// <summary>The village broker's device topics (CONTRACTS section 1).</summary>
public static class DeviceTopics
{
    /// <summary>Subscription filter for JSON telemetry of every device.</summary>
    public const string AllTelemetry = "devices/+/telemetry";

    /// <summary>Subscription filter for Cayenne LPP telemetry of every device.</summary>
    public const string AllLppTelemetry = "devices/+/telemetry/lpp";

    private const string Prefix = "devices/";
    private const string TelemetrySuffix = "/telemetry";

    public static string Telemetry(string deviceId) => Prefix + deviceId + TelemetrySuffix;

    public static string LppTelemetry(string deviceId) => Prefix + deviceId + TelemetrySuffix + "/lpp";

    /// <summary>Reads the device id out of <c>devices/{deviceId}/telemetry/lpp</c> (the raw segment, as <see cref="TryParseTelemetry"/>).</summary>
    public static bool TryParseLppTelemetry(string topic, out string deviceId)
    {
        deviceId = string.Empty;
        return topic.EndsWith("/lpp", StringComparison.Ordinal) && TryParseTelemetry(topic[..^"/lpp".Length], out deviceId);
    }

    public static string Status(string deviceId) => Prefix + deviceId + "/status";

    public static string Config(string deviceId) => Prefix + deviceId + "/config";

    public static string GatewayAlerts(string gatewayId) => "gateway/" + gatewayId + "/alerts";

    public static string GatewayStatus(string gatewayId) => "gateway/" + gatewayId + "/status";

    /// <summary>
    /// Reads the device id out of <c>devices/{deviceId}/telemetry</c>. Returns the raw segment even when it is not a
    /// valid device id (the caller dead-letters it with a reason); false only when the topic has another shape.
    /// </summary>
    public static bool TryParseTelemetry(string topic, out string deviceId)
    {
        deviceId = string.Empty;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal) || !topic.EndsWith(TelemetrySuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var length = topic.Length - Prefix.Length - TelemetrySuffix.Length;
        if (length < 0)
        {
            return false;
        }

        var segment = topic.Substring(Prefix.Length, length);
        if (segment.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        deviceId = segment;
        return true;
    }
}
