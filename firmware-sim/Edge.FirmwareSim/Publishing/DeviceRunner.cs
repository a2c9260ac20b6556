using Edge.FirmwareSim.Devices;
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
    private readonly DeviceConnection _connection;

    public DeviceRunner(SimulatedDevice device, SimulatorOptions options, ReadingSchedule schedule, MqttClientFactory clientFactory, TimeProvider time, ILogger logger)
    {
        Device = device;
        _options = options;
        _time = time;
        _producer = new ReadingProducer(device, schedule, options.Count, Counters, time);
        _connection = new DeviceConnection(device.Id, options, clientFactory, Counters, time, logger);
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
