using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim.Publishing;

internal sealed partial class DeviceConnection
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "{DeviceId} connected after {Failures} failed attempts")]
    private partial void LogConnected(string deviceId, int failures);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{DeviceId} could not connect to {Host}:{Port} ({Reason}); retrying with backoff")]
    private partial void LogConnectFailed(string deviceId, string host, int port, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "{DeviceId} connect attempt {Failures} failed ({Reason})")]
    private partial void LogConnectRetryFailed(string deviceId, int failures, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{DeviceId} lost its connection ({Reason}); buffering and reconnecting")]
    private partial void LogConnectionLost(string deviceId, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{DeviceId} could not announce offline and disconnect cleanly ({Reason})")]
    private partial void LogGoOfflineFailed(string deviceId, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "{DeviceId} reports every {IntervalSeconds} s from now on (config downlink)")]
    private partial void LogConfigApplied(string deviceId, double intervalSeconds);
}
