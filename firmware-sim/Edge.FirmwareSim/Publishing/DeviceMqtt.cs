using Edge.Mqtt;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Publishing;

/// <summary>How a device appears on the broker (CONTRACTS section 1): its client id, will, and status messages.</summary>
internal static class DeviceMqtt
{
    public const string Online = "online";
    public const string Offline = "offline";

    /// <summary>
    /// Client id = device id, and so is the user name when the device has a password (<c>--credentials</c>); the will
    /// marks the device <c>offline</c> (retained) if it vanishes without DISCONNECT.
    /// </summary>
    public static MqttClientOptions ClientOptions(string deviceId, SimulatorOptions options) =>
        new MqttClientOptions
        {
            ClientId = deviceId,
            Username = options.Credentials?.ContainsKey(deviceId) == true ? deviceId : null,
            Password = options.Credentials?.GetValueOrDefault(deviceId),
            KeepAlive = options.KeepAlive,
            Will = Status(deviceId, Offline),
            Tls = options.CaFile is null ? null : new MqttTlsOptions { CaFile = options.CaFile },
        }.WithBroker(options.Broker);

    /// <summary>A retained QoS 1 status message on <c>devices/{id}/status</c>.</summary>
    public static MqttApplicationMessage Status(string deviceId, string status) =>
        new(DeviceTopics.Status(deviceId), System.Text.Encoding.ASCII.GetBytes(status), MqttQualityOfService.AtLeastOnce, Retain: true);
}
