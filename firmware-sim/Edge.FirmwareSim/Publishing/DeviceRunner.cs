using System.Text;
using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Gsm;
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

    public DeviceRunner(SimulatedDevice device, SimulatorOptions options, ReadingSchedule schedule, MqttClientFactory clientFactory, TimeProvider time, ILogger logger, HttpClient? http = null)
    {
        Device = device;
        _options = options;
        _time = time;
        if (options.Protocol == DeviceProtocol.Mqtt)
        {
            var settings = new DeviceSettings();
            _producer = new ReadingProducer(device, schedule, options.Count, Counters, time, settings: settings);
            _connection = new DeviceConnection(device.Id, options, clientFactory, Counters, time, logger) { Settings = settings };
            return;
        }

        _producer = new ReadingProducer(device, schedule, options.Count, Counters, time, message => Encoding.UTF8.GetBytes(GsmTextEncoder.Encode(device.Id, message)));
        IGsmDelivery delivery = options.Protocol == DeviceProtocol.Sms
            ? new SmsDelivery(http ?? throw new ArgumentNullException(nameof(http)), options.GatewayUrl, GsmTextEncoder.SenderNumber(device.Index), time)
            : new GprsDelivery(options.GprsHost, options.GprsPort);
        _connection = new GsmConnection(device.Id, delivery, options, Counters, time, logger);
    }

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
