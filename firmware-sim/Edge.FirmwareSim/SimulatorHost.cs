using Edge.FirmwareSim.Reporting;
using Edge.Mqtt;
using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim;

/// <summary>Composition of the real program: console logging on stderr, the system clock, the real MQTT client.</summary>
internal static class SimulatorHost
{
    public static async Task<int> RunAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        using var loggerFactory = CreateLoggerFactory();
        var time = TimeProvider.System;
        var clientLogger = loggerFactory.CreateLogger<MqttClient>();
        var simulator = new Simulator(options, clientOptions => new MqttClient(clientOptions, clientLogger, time), time, loggerFactory);

        var report = await simulator.RunAsync(cancellationToken);
        if (options.ReportPath is { } path)
        {
            // Written even after Ctrl-C: the report is how a run is accounted for.
            await ReportWriter.WriteAsync(path, report, CancellationToken.None);
        }

        return 0;
    }

    /// <summary>Everything goes to stderr, one line per message; stdout stays free.</summary>
    private static ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Edge.Mqtt", LogLevel.Error)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
}
