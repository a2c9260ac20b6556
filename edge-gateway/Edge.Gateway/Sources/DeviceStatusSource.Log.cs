namespace Edge.Gateway.Sources;

internal sealed partial class DeviceStatusSource
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Device status unavailable (village broker), reconnecting in {DelaySeconds:F1} s: {Reason}")]
    private partial void LogUnavailable(double delaySeconds, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Device {DeviceId} published a status that is neither online nor offline; ignored")]
    private partial void LogUnknownStatus(string deviceId);
}
