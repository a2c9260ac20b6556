using System.Globalization;
using Edge.Mqtt;
using Edge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.FirmwareSim.Tests.Integration;

/// <summary>Simulated devices with <c>--ca-file</c> on a Mosquitto TLS listener (certificates from Edge.Testing's throwaway CA).</summary>
public sealed class SimulatorTlsMosquittoTests : IAsyncLifetime
{
    private TestCertificates _certificates = null!;
    private MosquittoBroker _broker = null!;
    private int _tlsPort;

    public async Task InitializeAsync()
    {
        _certificates = await TestCertificates.CreateAsync();
        _tlsPort = FreeTcpPort.Next();
        _broker = MosquittoBroker.WithConfiguration(new MosquittoTlsListener(_tlsPort, _certificates).ConfigurationLines());
        await _broker.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task Devices_WithTheDeploymentCa_DeliverEveryReadingOverTls()
    {
        var options = new SimulatorOptions
        {
            Devices = 2, Rate = 20, Count = 3, Broker = "127.0.0.1:" + _tlsPort.ToString(CultureInfo.InvariantCulture),
            CaFile = _certificates.CaFile, IdPrefix = "tls-", DrainTimeout = TimeSpan.FromSeconds(5),
        };
        var simulator = new Simulator(options, clientOptions => new MqttClient(clientOptions), TimeProvider.System, NullLoggerFactory.Instance);

        var report = await simulator.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((6, 6), (report.Totals.Generated, report.Totals.Acknowledged));
    }
}
