namespace Edge.Mqtt;

/// <summary>Base of the library's exceptions.</summary>
public class MqttException : Exception
{
    public MqttException()
    {
    }

    public MqttException(string message)
        : base(message)
    {
    }

    public MqttException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>CONNACK return codes of MQTT 3.1.1.</summary>
public enum MqttConnectReturnCode : byte
{
    Accepted = 0,
    UnacceptableProtocolVersion = 1,
    IdentifierRejected = 2,
    ServerUnavailable = 3,
    BadUsernameOrPassword = 4,
    NotAuthorized = 5,
}

/// <summary>The broker refused the connection.</summary>
public sealed class MqttConnectException : MqttException
{
    public MqttConnectException()
    {
    }

    public MqttConnectException(string message)
        : base(message)
    {
    }

    public MqttConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MqttConnectException(MqttConnectReturnCode returnCode)
        : base($"the broker refused the connection: {returnCode}")
    {
        ReturnCode = returnCode;
    }

    public MqttConnectReturnCode ReturnCode { get; }
}

/// <summary>The connection ended without the application asking for it (network, broker, keep-alive, protocol error).</summary>
public sealed class MqttConnectionLostException : MqttException
{
    public MqttConnectionLostException()
    {
    }

    public MqttConnectionLostException(string message)
        : base(message)
    {
    }

    public MqttConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
