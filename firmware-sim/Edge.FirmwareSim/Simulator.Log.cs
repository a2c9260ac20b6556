using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim;

internal sealed partial class Simulator
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "simulating {Devices} devices against {Broker}: {Rate} msg/s in total, each device every {IntervalSeconds} s, seed {Seed}, QoS {Qos}")]
    private partial void LogStarting(int devices, string broker, double rate, double intervalSeconds, int seed, int qos);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "scenario {Scenario} at speed {Speed}; simulated time starts at {SimulatedStart} (none: readings carry the wall-clock time)")]
    private partial void LogScenario(string scenario, double speed, DateTimeOffset? simulatedStart);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "finished: generated {Generated}, acknowledged {Acknowledged}, dropped {Dropped}, unsent {Unsent}, errors {Errors}")]
    private partial void LogFinished(long generated, long acknowledged, long dropped, long unsent, long errors);
}
