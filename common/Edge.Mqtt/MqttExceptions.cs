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

    public MqttException(string message, Exception? innerException)
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
        ReasonCode = ToReasonCode(returnCode);
    }

    /// <summary>An MQTT 5 refusal: CONNACK with a reason code of 0x80 or above, and perhaps a reason string.</summary>
    public MqttConnectException(MqttReasonCode reasonCode, string? reasonString = null, string? serverReference = null)
        : base($"the broker refused the connection: {reasonCode}{(reasonString is null ? string.Empty : $" ({reasonString})")}")
    {
        ReasonCode = reasonCode;
        ReturnCode = ToReturnCode(reasonCode);
        ReasonString = reasonString;
        ServerReference = serverReference;
    }

    /// <summary>
    /// The MQTT 3.1.1 return code; for an MQTT 5 refusal the nearest one (<see cref="MqttConnectReturnCode.ServerUnavailable"/>
    /// when none is near). <see cref="MqttConnectReturnCode.Accepted"/> when the connect failed without a refusal.
    /// </summary>
    public MqttConnectReturnCode ReturnCode { get; }

    /// <summary>The refusal as an MQTT 5 reason code (an MQTT 3.1.1 return code is mapped); Success when there was no refusal.</summary>
    public MqttReasonCode ReasonCode { get; }

    /// <summary>MQTT 5: the broker's reason string, if it sent one.</summary>
    public string? ReasonString { get; }

    /// <summary>MQTT 5: another server to use, if the broker named one (reason codes 0x9C, 0x9D).</summary>
    public string? ServerReference { get; }

    internal static MqttReasonCode ToReasonCode(MqttConnectReturnCode returnCode) => returnCode switch
    {
        MqttConnectReturnCode.Accepted => MqttReasonCode.Success,
        MqttConnectReturnCode.UnacceptableProtocolVersion => MqttReasonCode.UnsupportedProtocolVersion,
        MqttConnectReturnCode.IdentifierRejected => MqttReasonCode.ClientIdentifierNotValid,
        MqttConnectReturnCode.ServerUnavailable => MqttReasonCode.ServerUnavailable,
        MqttConnectReturnCode.BadUsernameOrPassword => MqttReasonCode.BadUserNameOrPassword,
        MqttConnectReturnCode.NotAuthorized => MqttReasonCode.NotAuthorized,
        _ => MqttReasonCode.UnspecifiedError,
    };

    internal static MqttConnectReturnCode ToReturnCode(MqttReasonCode reasonCode) => reasonCode switch
    {
        MqttReasonCode.Success => MqttConnectReturnCode.Accepted,
        MqttReasonCode.UnsupportedProtocolVersion => MqttConnectReturnCode.UnacceptableProtocolVersion,
        MqttReasonCode.ClientIdentifierNotValid => MqttConnectReturnCode.IdentifierRejected,
        MqttReasonCode.BadUserNameOrPassword => MqttConnectReturnCode.BadUsernameOrPassword,
        MqttReasonCode.NotAuthorized or MqttReasonCode.Banned => MqttConnectReturnCode.NotAuthorized,
        _ => MqttConnectReturnCode.ServerUnavailable,
    };
}

/// <summary>
/// The connection ended without the application asking for it (network, broker, keep-alive, protocol error). When a
/// DISCONNECT packet ended it (MQTT 5: sent by the broker, or by this client over a protocol violation),
/// <see cref="ReasonCode"/> holds its reason.
/// </summary>
public sealed class MqttConnectionLostException : MqttException
{
    internal MqttConnectionLostException(string message, MqttReasonCode reasonCode, bool sentByServer, string? reasonString = null, string? serverReference = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ReasonCode = reasonCode;
        SentByServer = sentByServer;
        ReasonString = reasonString;
        ServerReference = serverReference;
    }

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

    /// <summary>The reason code of the DISCONNECT that ended the connection; null when none did (network, keep-alive, MQTT 3.1.1).</summary>
    public MqttReasonCode? ReasonCode { get; }

    /// <summary>True when the broker sent that DISCONNECT; false when this client did (a protocol violation by the broker).</summary>
    public bool SentByServer { get; }

    /// <summary>MQTT 5: the DISCONNECT's reason string.</summary>
    public string? ReasonString { get; }

    /// <summary>MQTT 5: another server to use, if the broker named one.</summary>
    public string? ServerReference { get; }
}
