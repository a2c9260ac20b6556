using Edge.Testing;

namespace Edge.Mqtt.Tests.Transport;

/// <summary>
/// Certificates made with openssl once per test class, and one Mosquitto with three TLS listeners besides its plain
/// one: server authentication only, TLS 1.3 only, and client certificates required.
/// </summary>
public sealed class TlsBrokerFixture : IAsyncLifetime
{
    private TestCertificates? _certificates;
    private MosquittoBroker? _broker;

    public TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("not initialized");

    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("not initialized");

    /// <summary>TLS 1.2 and 1.3, no client certificate asked for.</summary>
    public int TlsPort { get; private set; }

    /// <summary><c>tls_version tlsv1.3</c>.</summary>
    public int Tls13OnlyPort { get; private set; }

    /// <summary><c>require_certificate true</c>: clients need a certificate signed by the CA.</summary>
    public int ClientCertificatePort { get; private set; }

    public async Task InitializeAsync()
    {
        _certificates = await TestCertificates.CreateAsync();
        var ports = new HashSet<int>();
        while (ports.Count < 3)
        {
            ports.Add(FreeTcpPort.Next());
        }

        (TlsPort, Tls13OnlyPort, ClientCertificatePort) = (ports.ElementAt(0), ports.ElementAt(1), ports.ElementAt(2));
        _broker = MosquittoBroker.WithConfiguration([
            .. new MosquittoTlsListener(TlsPort, _certificates).ConfigurationLines(),
            .. new MosquittoTlsListener(Tls13OnlyPort, _certificates) { MinimumVersion = "tlsv1.3" }.ConfigurationLines(),
            .. new MosquittoTlsListener(ClientCertificatePort, _certificates) { RequireCertificate = true }.ConfigurationLines(),
        ]);
        await _broker.InitializeAsync();
        foreach (var port in ports)
        {
            await FreeTcpPort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), () => _broker.Output);
        }
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _certificates?.Dispose();
    }
}
