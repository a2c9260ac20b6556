using System.Security.Authentication;

namespace Edge.Mqtt;

/// <summary>
/// TLS for the connection to the broker (set <see cref="MqttClientOptions.Tls"/>; null means plain TCP). The broker's
/// certificate chain is checked against <see cref="CaFile"/> (or the system's trusted roots when it is null) and its
/// name against <see cref="TargetHost"/> (or <see cref="MqttClientOptions.Host"/>). Files are read at each connect, so a
/// renewed certificate is picked up by the next connection. See README.md, "TLS".
/// </summary>
public sealed class MqttTlsOptions
{
    /// <summary>
    /// The name the broker's certificate must carry (a DNS name or IP address in its subject alternative names), also
    /// sent as SNI when it is a host name. Null: <see cref="MqttClientOptions.Host"/>.
    /// </summary>
    public string? TargetHost { get; set; }

    /// <summary>
    /// PEM file of the certificate authorities trusted for the broker's certificate; only these are trusted (the
    /// system's roots are not). Null: the system's trusted roots (<c>/etc/ssl/certs</c>).
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// The client certificate, for brokers that require one (Mosquitto <c>require_certificate true</c>): a PEM file
    /// (the certificate, then any intermediates; the key too unless <see cref="ClientKeyFile"/> names it) or a PKCS#12
    /// (<c>.pfx</c>/<c>.p12</c>) file with certificate and key. Null: no client certificate.
    /// </summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM file of the client certificate's private key (PKCS#8, PKCS#1 or SEC1), when it is not in <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Password of an encrypted PEM key (PKCS#8, <c>BEGIN ENCRYPTED PRIVATE KEY</c>) or of a PKCS#12 file. Null: not encrypted.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>The lowest TLS version accepted: <see cref="SslProtocols.Tls12"/> (default) or <see cref="SslProtocols.Tls13"/>.</summary>
    public SslProtocols MinimumProtocolVersion { get; set; } = SslProtocols.Tls12;

    /// <summary>
    /// The highest TLS version offered: <see cref="SslProtocols.Tls13"/> (default) or <see cref="SslProtocols.Tls12"/>
    /// (to pin TLS 1.2, e.g. for a middlebox that cannot do 1.3).
    /// </summary>
    public SslProtocols MaximumProtocolVersion { get; set; } = SslProtocols.Tls13;

    /// <summary>
    /// DANGEROUS, development only: accept any certificate from the broker, whoever issued it and whatever name it
    /// carries. The traffic is encrypted but the broker is not authenticated, so anyone on the path can impersonate it
    /// and read everything, passwords included. Each connection made this way logs a warning. Default false.
    /// </summary>
    public bool AllowUntrustedCertificates { get; set; }
}
