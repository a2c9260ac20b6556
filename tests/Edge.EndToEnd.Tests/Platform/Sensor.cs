using System.Globalization;
using Edge.Testing;

namespace Edge.EndToEnd.Tests.Platform;

/// <summary>A sensor played by <c>mosquitto_pub</c>: an MQTT client independent of ours.</summary>
internal static class Sensor
{
    /// <summary>
    /// A measurement time for readings that need a fixed one: the start of the minute an hour before the real clock.
    /// Relative to the clock, because gateway and cloud refuse readings from the future and the local alarms ignore
    /// readings older than their lateness limit (24 h): a fixed date would fail on a machine whose clock is behind it,
    /// and everywhere a day later.
    /// </summary>
    public static readonly DateTimeOffset AnHourAgo = StartOfMinute(TimeProvider.System.GetUtcNow()).AddHours(-1);

    public static async Task PublishAsync(MosquittoBroker broker, string topic, string payload, int qos = 1)
    {
        await using var publisher = ExternalProcess.Start("mosquitto_pub",
            ["-h", broker.Host, "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-q", qos.ToString(CultureInfo.InvariantCulture), "-t", topic, "-m", payload]);
        var exit = await publisher.WaitForExitAsync(TimeSpan.FromSeconds(15));
        if (exit != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub failed ({exit}): {publisher.Output}");
        }
    }

    public static async Task PublishFileAsync(MosquittoBroker broker, string topic, string path)
    {
        await using var publisher = ExternalProcess.Start("mosquitto_pub",
            ["-h", broker.Host, "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", topic, "-f", path]);
        var exit = await publisher.WaitForExitAsync(TimeSpan.FromSeconds(15));
        if (exit != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub failed ({exit}): {publisher.Output}");
        }
    }

    public static string Telemetry(DateTimeOffset ts, long seq, string metric, double value) => string.Create(CultureInfo.InvariantCulture,
        $$$"""{"ts":"{{{ts.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}}","seq":{{{seq}}},"values":{"{{{metric}}}":{{{value}}}}}""");

    private static DateTimeOffset StartOfMinute(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);
}
