namespace Edge.Mqtt;

/// <summary>A <see cref="ReconnectingMqttClient"/> connected (with the broker's answer) or lost its connection (with why).</summary>
public sealed class MqttConnectionChangedEventArgs(bool isConnected, MqttConnectResult? connectResult, Exception? reason) : EventArgs
{
    public bool IsConnected { get; } = isConnected;

    /// <summary>The broker's CONNACK, when connected.</summary>
    public MqttConnectResult? ConnectResult { get; } = connectResult;

    /// <summary>Why the connection ended, when it ended without the application asking (null after <see cref="ReconnectingMqttClient.StopAsync"/>).</summary>
    public Exception? Reason { get; } = reason;
}
