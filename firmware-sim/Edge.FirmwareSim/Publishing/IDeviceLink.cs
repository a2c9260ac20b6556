namespace Edge.FirmwareSim.Publishing;

/// <summary>How a device delivers its buffer: MQTT (<see cref="DeviceConnection"/>) or GSM (<c>Gsm/GsmConnection</c>).</summary>
internal interface IDeviceLink
{
    /// <summary>Delivers the buffer until it is complete and empty, or until <paramref name="abort"/>.</summary>
    Task RunAsync(ReadingBuffer buffer, CancellationToken abort);
}

/// <summary>The transport of a simulated device.</summary>
internal enum DeviceProtocol
{
    /// <summary>MQTT JSON on <c>devices/{id}/telemetry</c>.</summary>
    Mqtt,

    /// <summary>Cayenne LPP on <c>devices/{id}/telemetry/lpp</c>.</summary>
    Lpp,

    /// <summary>ChirpStack v4 uplink events on <c>application/{appId}/device/{devEui}/event/up</c>.</summary>
    ChirpStack,

    /// <summary>The Things Stack v3 uplinks on <c>v3/{appId}@{tenantId}/devices/{id}/up</c>.</summary>
    Tts,

    /// <summary>SMS text to the gateway's <c>POST /gsm/sms</c>.</summary>
    Sms,

    /// <summary>GPRS lines over TCP to the gateway's line port.</summary>
    Gprs,

    /// <summary>Only as <c>--protocol</c>: the devices take the protocols above round-robin.</summary>
    Mixed,
}

/// <summary>Names of the protocols and which one each device of a run speaks.</summary>
internal static class DeviceProtocols
{
    /// <summary>What <see cref="DeviceProtocol.Mixed"/> cycles through, in declaration order.</summary>
    public static readonly IReadOnlyList<DeviceProtocol> Each = [.. Enum.GetValues<DeviceProtocol>().Where(protocol => protocol != DeviceProtocol.Mixed)];

    /// <summary>Device i speaks the run's protocol, or with <c>mixed</c> protocol i mod 6 (mqtt, lpp, chirpstack, tts, sms, gprs).</summary>
    public static DeviceProtocol ForDevice(DeviceProtocol choice, int deviceIndex) =>
        choice == DeviceProtocol.Mixed ? Each[deviceIndex % Each.Count] : choice;

    /// <summary>The name on the command line and in the report, e.g. <c>chirpstack</c>.</summary>
    public static string Name(DeviceProtocol protocol) => protocol.ToString().ToLowerInvariant();

    public static bool IsMqtt(DeviceProtocol protocol) => protocol is not (DeviceProtocol.Sms or DeviceProtocol.Gprs);
}
