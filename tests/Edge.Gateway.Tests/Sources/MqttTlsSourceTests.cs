using System.Globalization;
using Edge.Gateway.Journal;
using Edge.Gateway.Sources;
using Edge.Testing;

namespace Edge.Gateway.Tests.Sources;

/// <summary>
/// The deployment's TLS made by scripts/make-certs.sh (openssl), a Mosquitto with its TLS listener, and the gateway
/// connecting with <c>Mqtt:Tls</c>: readings published over TLS are journaled; a gateway that does not trust the
/// broker's CA never connects.
/// </summary>
public sealed class MqttTlsSourceTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("edge-gateway-tls-");
    private MosquittoBroker _broker = null!;
    private int _tlsPort;

    private string Pki => Path.Combine(_work.FullName, "pki");

    public async Task InitializeAsync()
    {
        await MakeCertificatesAsync(Pki, "--host", "localhost", "--host", "127.0.0.1");
        _tlsPort = FreeTcpPort.Next();
        _broker = MosquittoBroker.WithConfiguration(
        [
            $"listener {_tlsPort.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            $"cafile {Path.Combine(Pki, "ca.crt")}",
            $"certfile {Path.Combine(Pki, "server.crt")}",
            $"keyfile {Path.Combine(Pki, "server.key")}",
            "tls_version tlsv1.2",
        ]);
        await _broker.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task Gateway_TrustingTheDeploymentCa_JournalsReadingsPublishedOverTls()
    {
        await using var gateway = Gateway(Path.Combine(Pki, "ca.crt"));
        await gateway.Loop<JournalWriter>().StartAsync(CancellationToken.None);
        await gateway.Loop<MqttTelemetrySource>().StartAsync(CancellationToken.None);
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(gateway.Get<GatewayState>().MqttConnected), connected => connected, Timeout, "gateway connected over TLS");

            var time = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
            await using (var device = ExternalProcess.Start("mosquitto_pub",
            [
                "-h", "localhost", "-p", _tlsPort.ToString(CultureInfo.InvariantCulture), "--cafile", Path.Combine(Pki, "ca.crt"),
                "-q", "1", "-t", "devices/rg-tls-1/telemetry", "-m", "{\"ts\":\"" + time + "\",\"values\":{\"rain_mm\":0.4}}",
            ]))
            {
                var exitCode = await device.WaitForExitAsync(Timeout);
                Assert.True(exitCode == 0, device.Output);
            }

            await Eventually.HoldsAsync(() => Task.FromResult(JournalStatistics.Read(gateway.Get<JournalDatabase>())), s => s.PendingReadings == 1, Timeout, "the reading journaled");
        }
        finally
        {
            await gateway.Loop<MqttTelemetrySource>().StopAsync(CancellationToken.None);
            await gateway.Loop<JournalWriter>().StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Gateway_TrustingAnotherCa_NeverConnects()
    {
        var stranger = Path.Combine(_work.FullName, "other-pki");
        await MakeCertificatesAsync(stranger, "--host", "127.0.0.1");
        await using var gateway = Gateway(Path.Combine(stranger, "ca.crt"));
        await gateway.Loop<MqttTelemetrySource>().StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(gateway.Get<GatewayState>().MqttConnected);
        }
        finally
        {
            await gateway.Loop<MqttTelemetrySource>().StopAsync(CancellationToken.None);
        }
    }

    private GatewayServices Gateway(string caFile) => new(new Dictionary<string, string?>
    {
        ["Mqtt:Broker"] = "127.0.0.1:" + _tlsPort.ToString(CultureInfo.InvariantCulture),
        ["Mqtt:ClientId"] = "gw-tls-" + Guid.NewGuid().ToString("N"),
        ["Mqtt:Tls:CaFile"] = caFile,
        ["Mqtt:MinReconnectDelay"] = "00:00:00.200",
        ["Mqtt:MaxReconnectDelay"] = "00:00:01",
    });

    private static async Task MakeCertificatesAsync(string directory, params string[] arguments)
    {
        await using var script = ExternalProcess.Start("bash", [Path.Combine(RepoPaths.Root, "scripts", "make-certs.sh"), directory, .. arguments]);
        var exitCode = await script.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, script.Output);

        // Mosquitto started as root runs as the mosquitto user: let it read the broker's files (a deployment gives
        // them to its group instead, mosquitto/README.md).
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(Path.GetDirectoryName(directory)!, readable);
        File.SetUnixFileMode(directory, readable);
        File.SetUnixFileMode(Path.Combine(directory, "server.key"), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
