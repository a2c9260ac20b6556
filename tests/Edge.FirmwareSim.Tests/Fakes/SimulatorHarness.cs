using System.Text.Json;
using Edge.FirmwareSim.Reporting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.FirmwareSim.Tests.Fakes;

/// <summary>A simulator wired to a fake broker and a manual clock, and helpers to drive and read it.</summary>
internal sealed class SimulatorHarness
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Simulated time per step of <see cref="AdvanceUntilAsync"/>; timestamps may lag their due time by a few steps.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    public ManualTimeProvider Time { get; } = new(Start);

    public FakeBroker Broker { get; } = new();

    public TimeSpan Elapsed => Time.GetUtcNow() - Start;

    public static SimulatorOptions Options(int devices, double rate, long? count = null) => new()
    {
        Devices = devices,
        Rate = rate,
        Count = count,
        Broker = "broker.test:1883",
        DrainTimeout = TimeSpan.FromMinutes(5),
    };

    public Task<SimulationReport> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default) =>
        new Simulator(options, Broker.Create, Time, NullLoggerFactory.Instance).RunAsync(cancellationToken);

    public Task AdvanceUntilAsync(Func<bool> done, TimeSpan? step = null) =>
        Time.AdvanceUntilAsync(done, step ?? Step, TimeSpan.FromMinutes(10));

    public async Task<SimulationReport> RunToEndAsync(SimulatorOptions options, TimeSpan? step = null)
    {
        var run = StartAsync(options);
        await AdvanceUntilAsync(() => run.IsCompleted, step);
        return await run;
    }

    /// <summary>The telemetry the broker received from a device, parsed back from JSON.</summary>
    public IReadOnlyList<ParsedTelemetry> Telemetry(string deviceId) => [.. Broker.Telemetry(deviceId).Select(message => ParsedTelemetry.Parse(message.Payload))];
}

internal sealed record ParsedTelemetry(DateTimeOffset Ts, long Seq, IReadOnlyDictionary<string, double> Values)
{
    public static ParsedTelemetry Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new ParsedTelemetry(
            root.GetProperty("ts").GetDateTimeOffset(),
            root.GetProperty("seq").GetInt64(),
            root.GetProperty("values").EnumerateObject().ToDictionary(value => value.Name, value => value.Value.GetDouble(), StringComparer.Ordinal));
    }
}
