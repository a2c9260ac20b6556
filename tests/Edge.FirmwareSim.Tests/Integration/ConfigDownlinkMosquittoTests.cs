using Edge.Mqtt;
using Edge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.FirmwareSim.Tests.Integration;

/// <summary>A simulated device on a real Mosquitto takes the report interval from its retained config downlink.</summary>
public sealed class ConfigDownlinkMosquittoTests : IAsyncLifetime
{
    private readonly MosquittoBroker _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task RetainedConfig_ShorterReportInterval_TakesEffect()
    {
        // As the gateway does: the device's config retained before the device connects.
        await using (var gateway = new MqttClient(new MqttClientOptions { ClientId = "gateway" }.WithBroker(_broker.Address)))
        {
            await gateway.ConnectAsync(CancellationToken.None);
            await gateway.PublishAsync(new MqttApplicationMessage("devices/cfg-rg-0001/config", """{"reportIntervalS":1}"""u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true), CancellationToken.None);
            await gateway.DisconnectAsync(CancellationToken.None);
        }

        // On the fleet's schedule (1 device at 0.05/s) the 4 readings would take 60 s; with the config, about 3 s.
        var options = new SimulatorOptions { Devices = 1, Rate = 0.05, Count = 4, Broker = _broker.Address, IdPrefix = "cfg-", DrainTimeout = TimeSpan.FromSeconds(5) };
        var simulator = new Simulator(options, clientOptions => new MqttClient(clientOptions), TimeProvider.System, NullLoggerFactory.Instance);
        var report = await simulator.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((4, 4), (report.Totals.Generated, report.Totals.Acknowledged));
    }
}
