using System.Security.Authentication;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests.Transport;

/// <summary>Client certificates against a Mosquitto listener with <c>require_certificate true</c>: PEM, PKCS#12, none.</summary>
public sealed class MqttClientTlsClientCertificateTests(TlsBrokerFixture fixture, ITestOutputHelper output) : IClassFixture<TlsBrokerFixture>
{
    private readonly RecordingLogger<MqttClient> _log = new(output);

    private TestCertificates Certificates => fixture.Certificates;

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task ConnectAsync_PemCertificateAndKey_AcceptedAndCarriesMessages(SslProtocols version)
    {
        await using var client = NewClient(tls =>
        {
            tls.ClientCertificateFile = Certificates.ClientCertificateFile;
            tls.ClientKeyFile = Certificates.ClientKeyFile;
            tls.MinimumProtocolVersion = version;
            tls.MaximumProtocolVersion = version;
        });
        await client.ConnectAsync(CancellationToken.None);
        var topic = TestClients.NewTopic("tls-client-certificate");
        await client.SubscribeAsync(topic);

        await client.PublishAsync(topic, "authenticated", MqttQualityOfService.AtLeastOnce);

        var message = await client.ReadAsync();
        await message.AcknowledgeAsync(CancellationToken.None);
        Assert.Equal("authenticated", message.Text());
        await client.DisconnectAsync(CancellationToken.None);
        await client.Disconnected;
    }

    [Fact]
    public async Task ConnectAsync_PemWithKeyInTheSameFile_Accepted()
    {
        var combined = Path.Combine(Certificates.Directory, $"client-and-key-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(combined, await File.ReadAllTextAsync(Certificates.ClientCertificateFile) + await File.ReadAllTextAsync(Certificates.ClientKeyFile));
        await using var client = NewClient(tls => tls.ClientCertificateFile = combined);

        await client.ConnectAsync(CancellationToken.None);

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_EncryptedPemKeyWithPassword_Accepted()
    {
        await using var client = NewClient(tls =>
        {
            tls.ClientCertificateFile = Certificates.ClientCertificateFile;
            tls.ClientKeyFile = Certificates.ClientEncryptedKeyFile;
            tls.ClientCertificatePassword = TestCertificates.Password;
        });

        await client.ConnectAsync(CancellationToken.None);

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_Pkcs12WithPassword_Accepted()
    {
        await using var client = NewClient(tls =>
        {
            tls.ClientCertificateFile = Certificates.ClientPkcs12File;
            tls.ClientCertificatePassword = TestCertificates.Password;
        });

        await client.ConnectAsync(CancellationToken.None);

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_Pkcs12WrongPassword_FailsNamingTheFile()
    {
        await using var client = NewClient(tls =>
        {
            tls.ClientCertificateFile = Certificates.ClientPkcs12File;
            tls.ClientCertificatePassword = "wrong";
        });

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Contains($"Tls.ClientCertificateFile \"{Certificates.ClientPkcs12File}\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task ConnectAsync_NoClientCertificate_Refused(SslProtocols version)
    {
        await using var client = NewClient(tls =>
        {
            tls.MinimumProtocolVersion = version;
            tls.MaximumProtocolVersion = version;
        });

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        // TLS 1.2 fails in the handshake. TLS 1.3 fails after it: the broker's alert arrives instead of CONNACK, and
        // reading it or writing CONNECT fails first (whichever loses first ends the connection, the message says which).
        output.WriteLine(error.Message);
        if (version == SslProtocols.Tls12)
        {
            Assert.IsType<AuthenticationException>(error.InnerException);
            Assert.Contains("TLS handshake failed", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("TLS session ended before the broker's first answer", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("without a client certificate", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<MqttConnectionLostException>(() => client.Disconnected);
    }

    private MqttClient NewClient(Action<MqttTlsOptions> configure)
    {
        var tls = new MqttTlsOptions { CaFile = Certificates.CaFile };
        configure(tls);
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = fixture.ClientCertificatePort,
            ClientId = TestClients.NewClientId("tls-cert"),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            Tls = tls,
        };
        return new MqttClient(options, _log);
    }
}
