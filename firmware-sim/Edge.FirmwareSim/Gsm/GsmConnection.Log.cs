using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim.Gsm;

internal sealed partial class GsmConnection
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "{DeviceId}: the gateway refused reading {Seq}")]
    private partial void LogRefused(string deviceId, long seq);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "{DeviceId}: gateway unreachable, retrying: {Reason}")]
    private partial void LogUnreachable(string deviceId, string reason);
}
