using System.Security.Authentication;
using Edge.Mqtt.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests.Transport;

/// <summary>
/// The client over TLS against a real Mosquitto with certificates made by openssl: versions, the broker's chain and
/// name, the development opt-out, failures that say what went wrong, and mosquitto_sub/pub as independent TLS peers.
/// </summary>
public sealed class MqttClientTlsTests(TlsBrokerFixture fixture, ITestOutputHelper output) : IClassFixture<TlsBrokerFixture>
{
    private const int EstablishedEvent = 101;
    private const int UntrustedAllowedEvent = 102;
    private readonly RecordingLogger<MqttClient> _log = new(output);

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task ConnectAsync_TlsVersion_NegotiatedAndCarriesMessages(SslProtocols version)
    {
        await using var client = NewClient(fixture.TlsPort, tls =>
        {
            tls.MinimumProtocolVersion = version;
            tls.MaximumProtocolVersion = version;
        });
        await client.ConnectAsync(CancellationToken.None);
        var topic = TestClients.NewTopic("tls");
        await client.SubscribeAsync(topic);

        await client.PublishAsync(topic, "over tls", MqttQualityOfService.AtLeastOnce);
        var message = await client.ReadAsync();
        await message.AcknowledgeAsync(CancellationToken.None);

        Assert.Equal("over tls", message.Text());
        Assert.Contains($"{version},", _log.Single(EstablishedEvent), StringComparison.Ordinal);
        await client.DisconnectAsync(CancellationToken.None);
        await client.Disconnected;
    }

    [Fact]
    public async Task ConnectAsync_DefaultOptions_NegotiatesTls13()
    {
        await using var client = NewClient(fixture.TlsPort);

        await client.ConnectAsync(CancellationToken.None);

        Assert.Contains("Tls13,", _log.Single(EstablishedEvent), StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Entries, entry => entry.EventId.Id == UntrustedAllowedEvent);
    }

    [Fact]
    public async Task ConnectAsync_CaFileOfAnotherCa_RefusedAsNotTrusted()
    {
        await using var client = NewClient(fixture.TlsPort, tls => tls.CaFile = fixture.Certificates.OtherCaFile);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Contains("is not trusted", error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Certificates.OtherCaFile, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid for the name", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<MqttConnectionLostException>(() => client.Disconnected);
    }

    [Fact]
    public async Task ConnectAsync_SystemTrustedRoots_RefuseThePrivateCa()
    {
        await using var client = NewClient(fixture.TlsPort, tls => tls.CaFile = null);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Contains("is not trusted", error.Message, StringComparison.Ordinal);
        Assert.Contains("the system's trusted roots", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_TargetHostNotInCertificate_RefusedAsNameMismatch()
    {
        await using var client = NewClient(fixture.TlsPort, tls => tls.TargetHost = "broker.example.org");

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Contains("not valid for the name \"broker.example.org\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("DNS:localhost, IP:127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("is not trusted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_TargetHostLocalhost_AcceptedByItsDnsName()
    {
        await using var client = NewClient(fixture.TlsPort, tls => tls.TargetHost = "localhost");

        await client.ConnectAsync(CancellationToken.None);

        Assert.Contains("target host \"localhost\"", _log.Single(EstablishedEvent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_HostLocalhost_ConnectsAndChecksThatName()
    {
        await using var client = NewClient(fixture.TlsPort, host: "localhost");

        await client.ConnectAsync(CancellationToken.None);

        Assert.Contains("target host \"localhost\"", _log.Single(EstablishedEvent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_AllowUntrustedCertificates_ConnectsDespiteUnknownCaAndNameAndWarns()
    {
        await using var client = NewClient(fixture.TlsPort, tls =>
        {
            tls.CaFile = fixture.Certificates.OtherCaFile;
            tls.TargetHost = "broker.example.org";
            tls.AllowUntrustedCertificates = true;
        });

        await client.ConnectAsync(CancellationToken.None);

        var warning = Assert.Single(_log.Entries, entry => entry.EventId.Id == UntrustedAllowedEvent);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("is not trusted", warning.Text, StringComparison.Ordinal);
        Assert.Contains("not valid for the name", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_MaximumTls12ToTls13OnlyListener_RefusedAsHandshakeFailure()
    {
        await using var client = NewClient(fixture.Tls13OnlyPort, tls => tls.MaximumProtocolVersion = SslProtocols.Tls12);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Contains("TLS handshake failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_MinimumTls13_NegotiatesTls13WithTls13OnlyListener()
    {
        await using var client = NewClient(fixture.Tls13OnlyPort, tls => tls.MinimumProtocolVersion = SslProtocols.Tls13);

        await client.ConnectAsync(CancellationToken.None);

        Assert.Contains("Tls13,", _log.Single(EstablishedEvent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_TlsToPlainListener_FailsAsHandshake()
    {
        await using var client = NewClient(fixture.Broker.Port);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Contains("TLS handshake failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_CaFileMissing_FailsNamingTheFile()
    {
        var missing = Path.Combine(fixture.Certificates.Directory, "missing-ca.crt");
        await using var client = NewClient(fixture.TlsPort, tls => tls.CaFile = missing);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Contains($"Tls.CaFile \"{missing}\"", error.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(error.InnerException?.InnerException);
    }

    [Fact]
    public async Task ConnectAsync_InvalidTlsOptions_FailsBeforeConnecting()
    {
        await using var client = NewClient(fixture.TlsPort, tls => tls.MinimumProtocolVersion = SslProtocols.None);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        Assert.IsType<ArgumentException>(error.InnerException);
        Assert.Contains("Tls.MinimumProtocolVersion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_OverTls_MosquittoSubWithCaFileReceives()
    {
        var topic = TestClients.NewTopic("tls-publish");
        await using var subscriber = await MosquittoTlsClients.SubscribeAsync(fixture.TlsPort, fixture.Certificates.CaFile, topic, count: 2);
        await using var client = NewClient(fixture.TlsPort);
        await client.ConnectAsync(CancellationToken.None);

        await client.PublishAsync(topic, "hello", MqttQualityOfService.AtLeastOnce);
        await client.PublishAsync(topic, "world", MqttQualityOfService.AtLeastOnce);

        Assert.Equal(["hello", "world"], await MosquittoClients.WaitForPayloadsAsync(subscriber));
        await client.DisconnectAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Messages_MosquittoPubOverTls_Received()
    {
        var topic = TestClients.NewTopic("tls-receive");
        await using var client = NewClient(fixture.TlsPort);
        await client.ConnectAsync(CancellationToken.None);
        await client.SubscribeAsync(topic);

        await MosquittoTlsClients.PublishAsync(fixture.TlsPort, fixture.Certificates.CaFile, topic, "from mosquitto_pub");

        var message = await client.ReadAsync();
        Assert.Equal("from mosquitto_pub", message.Text());
        await message.AcknowledgeAsync(CancellationToken.None);
    }

    private MqttClient NewClient(int port, Action<MqttTlsOptions>? configure = null, string host = "127.0.0.1")
    {
        var tls = new MqttTlsOptions { CaFile = fixture.Certificates.CaFile };
        configure?.Invoke(tls);
        var options = new MqttClientOptions
        {
            Host = host,
            Port = port,
            ClientId = TestClients.NewClientId("tls"),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            Tls = tls,
        };
        return new MqttClient(options, _log);
    }
}
