using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Hydrology;
using Edge.FirmwareSim.Publishing;
using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Sensors;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Reporting;

/// <summary>
/// Something the scenario made happen, for measuring detection later: <c>storm-peak</c> (site-wide), <c>slope-failure</c>
/// (per tilt meter), or a fault (<c>stuck</c>, <c>spike</c>, <c>drift</c>, <c>dying-battery</c>, <c>silent</c>) of one
/// device. <see cref="Seq"/> is the first reading it shows in, <see cref="At"/> that reading's measurement time (under
/// <c>--speed</c> exactly; in live mode its scheduled time, which the actual one follows within milliseconds).
/// </summary>
internal sealed record GroundTruthEvent(string Event, string? DeviceId, string? Metric, long Seq, DateTimeOffset At);

internal static class GroundTruth
{
    public static IReadOnlyList<GroundTruthEvent> Of(
        ScenarioDefinition scenario, IEnumerable<SimulatedDevice> devices, SimulatedClock? clock, DateTimeOffset startedAt, ReadingSchedule schedule)
    {
        var lastMinute = SimulatedClock.Readings(scenario);
        DateTimeOffset At(int deviceIndex, long seq) => clock?.MeasuredAt(seq) ?? startedAt + schedule.DueAfterStart(deviceIndex, seq);
        var events = new List<GroundTruthEvent>();
        events.AddRange(scenario.Storms
            .Select(storm => new DesignStorm(storm).PeakReading)
            .Select(seq => new GroundTruthEvent("storm-peak", null, CanonicalMetrics.RainRateMmh, seq, At(0, seq))));
        foreach (var device in devices)
        {
            if (device.Kind == SensorKind.TiltMeter && device.Site?.SlopeFailure is { } failure)
            {
                events.Add(new GroundTruthEvent("slope-failure", device.Id, CanonicalMetrics.DisplacementMm, failure.FailureMinute, At(device.Index, failure.FailureMinute)));
            }

            foreach (var fault in device.Faults ?? [])
            {
                var start = FaultySensorModel.StartMinute(fault);
                var metric = fault.Kind switch
                {
                    "silent" => null,
                    "dying-battery" => CanonicalMetrics.BatteryV,
                    _ => fault.Metric ?? SensorKinds.MainMetric(device.Kind),
                };
                events.Add(new GroundTruthEvent(fault.Kind, device.Id, metric, start, At(device.Index, start)));
                if (fault.Kind == "dying-battery")
                {
                    var brownOut = FaultySensorModel.BrownOutMinute(fault);
                    events.Add(new GroundTruthEvent("silent", device.Id, null, brownOut, At(device.Index, brownOut)));
                }
            }
        }

        return [.. events.Where(entry => entry.Seq <= lastMinute).OrderBy(entry => entry.Seq).ThenBy(entry => entry.DeviceId, StringComparer.Ordinal)];
    }
}
