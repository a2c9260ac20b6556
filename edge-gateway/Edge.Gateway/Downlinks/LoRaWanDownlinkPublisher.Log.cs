namespace Edge.Gateway.Downlinks;

internal sealed partial class LoRaWanDownlinkPublisher
{
    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Config downlink (report interval {ReportIntervalS} s) of device {DeviceId} sent to the network server on {Topic}")]
    private partial void LogSent(string deviceId, int reportIntervalS, string topic);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Config downlink of device {DeviceId} not sent: its profile's encodeDownlink failed: {Reason}")]
    private partial void LogNotEncoded(string deviceId, string reason);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Error, Message = "LoRaWAN config downlinks: a check failed; trying again at the next change")]
    private partial void LogFailed(Exception exception);
}
