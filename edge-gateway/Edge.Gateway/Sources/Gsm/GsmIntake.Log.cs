namespace Edge.Gateway.Sources.Gsm;

internal sealed partial class GsmIntake
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "GSM {Channel} from {Sender} for device {DeviceId} refused: {Reason}")]
    private partial void LogRefused(string channel, string sender, string deviceId, string reason);
}
