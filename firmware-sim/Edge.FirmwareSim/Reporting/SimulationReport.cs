using System.Text.Json.Nodes;
using Edge.FirmwareSim.LoRaWan;
using Edge.FirmwareSim.Publishing;
using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Reporting;

/// <summary>The JSON summary written by <c>--report</c>: enough to account for every reading of the run.</summary>
internal sealed record SimulationReport(
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Broker,
    int Seed,
    double Rate,
    int Qos,
    ReportTotals Totals,
    IReadOnlyList<DeviceReport> Devices,
    ScenarioReport Scenario)
{
    public static SimulationReport Create(
        SimulatorOptions options, DateTimeOffset startedAt, DateTimeOffset endedAt, IReadOnlyList<DeviceRunner> runners,
        SimulatedClock? clock = null, IReadOnlyList<GroundTruthEvent>? groundTruth = null)
    {
        var totals = FleetTotals.Sum(runners.Select(runner => runner.Counters));
        return new SimulationReport(
            startedAt,
            endedAt,
            options.Broker,
            options.Seed,
            options.Rate,
            (int)options.Qos,
            new ReportTotals(totals.Devices, totals.Generated, totals.Published, totals.Acknowledged, totals.Dropped, totals.Unsent, totals.Errors),
            [.. runners.Select(DeviceReport.Create)],
            new ScenarioReport(options.Scenario.Name, options.Scenario.DurationH, options.Speed, clock?.Start, groundTruth ?? [], LppLayout.ProfileJson()));
    }
}

/// <summary>
/// The scenario of the run: its name and length, the speed and the simulated start (both null in live mode), what it
/// made happen and when (<see cref="GroundTruthEvent"/>), and the gateway device profile that decodes the simulator's
/// LPP frames (for LPP, ChirpStack and TTS devices).
/// </summary>
internal sealed record ScenarioReport(
    string Name, double DurationH, double? Speed, DateTimeOffset? SimulatedStart, IReadOnlyList<GroundTruthEvent> GroundTruth, JsonObject LppProfile);

/// <summary>Sums over all devices: <c>generated = acknowledged + dropped + unsent</c>.</summary>
internal sealed record ReportTotals(int Devices, long Generated, long Published, long Acknowledged, long Dropped, long Unsent, long Errors);

/// <summary>
/// One device; <c>firstSeq</c>..<c>lastSeq</c> are the sequence numbers it generated (null when none). Its protocol,
/// DevEUI and SMS number are what a gateway needs to be provisioned for it.
/// </summary>
internal sealed record DeviceReport(
    string DeviceId,
    string Kind,
    long Generated,
    long Published,
    long Acknowledged,
    long Dropped,
    long Unsent,
    long Errors,
    long? FirstSeq,
    long? LastSeq,
    string Protocol,
    string DevEui,
    string? SmsNumber)
{
    public static DeviceReport Create(DeviceRunner runner)
    {
        var counters = runner.Counters;
        var generated = counters.Generated;
        return new DeviceReport(
            runner.Device.Id,
            SensorKinds.Name(runner.Device.Kind),
            generated,
            counters.Published,
            counters.Acknowledged,
            counters.Dropped,
            counters.Unsent,
            counters.Errors,
            generated > 0 ? 1 : null,
            generated > 0 ? generated : null,
            DeviceProtocols.Name(runner.Protocol),
            runner.DevEui,
            runner.SmsNumber);
    }
}
