using System.Globalization;

namespace Edge.Risk.Faults;

/// <summary>A sensor silent for <c>intervals</c> report intervals or longer (judged on the clock, not on measurement time).</summary>
public static class SilenceDetector
{
    public const int DefaultIntervals = 3;

    public static SensorFault? Detect(string metric, DateTimeOffset lastReport, DateTimeOffset now, TimeSpan reportInterval, int intervals = DefaultIntervals)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(reportInterval, TimeSpan.Zero);
        var silent = now - lastReport;
        var missed = silent / reportInterval;
        return missed < intervals ? null : new SensorFault(
            SensorFaultKind.Silence, metric, now, missed, intervals,
            string.Create(CultureInfo.InvariantCulture, $"no report since {lastReport:O}: {missed:0.#} report intervals"));
    }
}
