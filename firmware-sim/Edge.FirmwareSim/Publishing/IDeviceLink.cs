namespace Edge.FirmwareSim.Publishing;

/// <summary>How a device delivers its buffer: MQTT (<see cref="DeviceConnection"/>) or GSM (<c>Gsm/GsmConnection</c>).</summary>
internal interface IDeviceLink
{
    /// <summary>Delivers the buffer until it is complete and empty, or until <paramref name="abort"/>.</summary>
    Task RunAsync(ReadingBuffer buffer, CancellationToken abort);
}

/// <summary>The transport of the simulated devices.</summary>
internal enum DeviceProtocol
{
    /// <summary>MQTT JSON on <c>devices/{id}/telemetry</c>.</summary>
    Mqtt,

    /// <summary>SMS text to the gateway's <c>POST /gsm/sms</c>.</summary>
    Sms,

    /// <summary>GPRS lines over TCP to the gateway's line port.</summary>
    Gprs,
}
