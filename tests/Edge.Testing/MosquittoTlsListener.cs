using System.Globalization;

namespace Edge.Testing;

/// <summary>
/// Configuration lines for an extra TLS listener of a <see cref="MosquittoBroker"/> (pass them to
/// <see cref="MosquittoBroker.WithConfiguration"/>; the broker's own plain listener stays). The settings after a
/// <c>listener</c> line belong to that listener.
/// </summary>
public sealed record MosquittoTlsListener(int Port, TestCertificates Certificates)
{
    /// <summary><c>require_certificate true</c>: a client without a certificate signed by the CA is refused.</summary>
    public bool RequireCertificate { get; init; }

    /// <summary>Mosquitto's <c>tls_version</c>: the lowest version allowed (<c>tlsv1.2</c>, <c>tlsv1.3</c>); null: 1.2.</summary>
    public string? MinimumVersion { get; init; }

    public IEnumerable<string> ConfigurationLines()
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1");
        yield return $"cafile {Certificates.CaFile}";
        yield return $"certfile {Certificates.ServerCertificateFile}";
        yield return $"keyfile {Certificates.ServerKeyFile}";
        yield return RequireCertificate ? "require_certificate true" : "require_certificate false";
        if (MinimumVersion is not null)
        {
            yield return $"tls_version {MinimumVersion}";
        }
    }
}
