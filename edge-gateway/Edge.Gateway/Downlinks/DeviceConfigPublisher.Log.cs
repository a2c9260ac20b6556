namespace Edge.Gateway.Downlinks;

internal sealed partial class DeviceConfigPublisher
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Config of device {DeviceId} published (retained)")]
    private partial void LogPublished(string deviceId);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Retained config of device {DeviceId} cleared")]
    private partial void LogCleared(string deviceId);
}
