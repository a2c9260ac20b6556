using System.Text;
using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Gsm;
using Edge.FirmwareSim.LoRaWan;
using Edge.FirmwareSim.Scenarios;
using Edge.Telemetry;
using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// One device for the whole run: its producer fills its buffer on schedule while its connection drains it. When the
/// producer stops, the connection has <see cref="SimulatorOptions.DrainTimeout"/> to deliver the rest, then is aborted.
/// </summary>
internal sealed class DeviceRunner
{
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ReadingProducer _producer;
    private readonly IDeviceLink _connection;

    public DeviceRunner(SimulatedDevice device, SimulatorOptions options, ReadingSchedule schedule, MqttClientFactory clientFactory, TimeProvider time, ILogger logger, HttpClient? http = null, SimulatedClock? clock = null)
    {
        Device = device;
        _options = options;
        _time = time;
        Protocol = DeviceProtocols.ForDevice(options.Protocol, device.Index);
        DevEui = LoRaWan.DevEui.For(device.Id);
        if (Protocol is DeviceProtocol.Mqtt or DeviceProtocol.Lpp)
        {
            // Devices on the village broker follow their config downlink; LoRaWAN devices get theirs through the network server.
            var settings = new DeviceSettings();
            var lpp = Protocol == DeviceProtocol.Lpp;
            _producer = new ReadingProducer(device, schedule, options.Count, Counters, time, lpp ? message => LppLayout.Encode(message.Values) : null, settings, clock);
            _connection = new DeviceConnection(device.Id, options, clientFactory, Counters, time, logger, lpp ? DeviceTopics.LppTelemetry(device.Id) : null) { Settings = settings };
            return;
        }

        if (Protocol is DeviceProtocol.ChirpStack or DeviceProtocol.Tts)
        {
            var radio = new RadioLink(options.Seed, device.Index);
            var chirpStack = Protocol == DeviceProtocol.ChirpStack;
            _producer = new ReadingProducer(device, schedule, options.Count, Counters, time, chirpStack
                ? message => NetworkServerUplink.ChirpStack(device.Id, DevEui, message, radio.Next())
                : message => NetworkServerUplink.ThingsStack(device.Id, DevEui, message, radio.Next()), clock: clock);
            var topic = chirpStack ? NetworkServerUplink.ChirpStackTopic(DevEui) : NetworkServerUplink.ThingsStackTopic(device.Id);
            _connection = new DeviceConnection(device.Id, options, clientFactory, Counters, time, logger, topic);
            return;
        }

        _producer = new ReadingProducer(device, schedule, options.Count, Counters, time, message => Encoding.UTF8.GetBytes(GsmTextEncoder.Encode(device.Id, message)), clock: clock);
        IGsmDelivery delivery = Protocol == DeviceProtocol.Sms
            ? new SmsDelivery(http ?? throw new ArgumentNullException(nameof(http)), options.GatewayUrl, SmsNumber!, time)
            : new GprsDelivery(options.GprsHost, options.GprsPort);
        _connection = new GsmConnection(device.Id, delivery, options, Counters, time, logger);
    }

    /// <summary>How this device delivers (with <c>--protocol mixed</c>, its share of the round-robin).</summary>
    public DeviceProtocol Protocol { get; }

    /// <summary>Its LoRaWAN DevEUI, derived from its id (used on the wire only by ChirpStack and TTS devices).</summary>
    public string DevEui { get; }

    /// <summary>The number it sends SMS from, for SMS devices; null otherwise.</summary>
    public string? SmsNumber => Protocol == DeviceProtocol.Sms ? GsmTextEncoder.SenderNumber(Device.Index) : null;

    public SimulatedDevice Device { get; }

    public DeviceCounters Counters { get; } = new();

    public async Task RunAsync(long startTimestamp, CancellationToken stopping)
    {
        var buffer = new ReadingBuffer(_options.BufferCapacity, Counters);
        using var abort = new CancellationTokenSource();
        var sending = _connection.RunAsync(buffer, abort.Token);
        await _producer.RunAsync(buffer, startTimestamp, stopping);
        try
        {
            await sending.WaitAsync(_options.DrainTimeout, _time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await abort.CancelAsync();
            await sending;
        }
    }
}
