using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Edge.Mqtt.Transport;

/// <summary>
/// TLS over the connected TCP stream: loads the certificate files, runs the client handshake (protocol versions, the
/// broker's chain against the CA file or the system's roots, its name against the target host, the client certificate)
/// and turns a refusal into an <see cref="AuthenticationException"/> that says what was wrong.
/// </summary>
internal static partial class MqttTlsHandshake
{
    public static async Task<Stream> AuthenticateAsync(
        NetworkStream network,
        MqttClientOptions options,
        ILogger logger,
        CancellationToken connectionEnded,
        CancellationToken cancellationToken)
    {
        var tls = options.Tls ?? throw new ArgumentException("no TLS options", nameof(options));
        var targetHost = tls.TargetHost ?? options.Host;
        var check = new ServerCertificateCheck(targetHost, tls.CaFile, tls.AllowUntrustedCertificates);
        var trustedRoots = TlsCertificateFiles.LoadTrustedRoots(tls);
        SslClientCertificate? clientCertificate = null;
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            clientCertificate = TlsCertificateFiles.LoadClientCertificate(tls);
            await ssl.AuthenticateAsClientAsync(ClientOptions(tls, targetHost, check, trustedRoots, clientCertificate), cancellationToken);
        }
        catch (Exception exception)
        {
            await ssl.DisposeAsync();
            clientCertificate?.Dispose();
            if ((exception is AuthenticationException or IOException) && !cancellationToken.IsCancellationRequested)
            {
                throw new AuthenticationException($"TLS handshake failed: {Reason(exception, check, tls)}", exception);
            }

            throw;
        }
        finally
        {
            if (trustedRoots is not null)
            {
                TlsCertificateFiles.DisposeAll(trustedRoots);
            }
        }

        Log.Established(logger, options.Host, options.Port, ssl.SslProtocol, ssl.NegotiatedCipherSuite, targetHost, ssl.RemoteCertificate?.Subject);
        if (tls.AllowUntrustedCertificates)
        {
            Log.UntrustedAllowed(logger, options.Host, options.Port, check.Problem ?? "nothing: it passed the checks");
        }

        var session = new TlsSessionStream(ssl, clientCertificate, refusal => Reason(refusal, check, tls));

        // The connection's end (teardown) releases the TLS session and the client certificate.
        connectionEnded.UnsafeRegister(static stream => ((Stream)stream!).Dispose(), session);
        return session;
    }

    private static SslClientAuthenticationOptions ClientOptions(
        MqttTlsOptions tls,
        string targetHost,
        ServerCertificateCheck check,
        X509Certificate2Collection? trustedRoots,
        SslClientCertificate? clientCertificate)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = tls.MinimumProtocolVersion == tls.MaximumProtocolVersion
                ? tls.MinimumProtocolVersion
                : tls.MinimumProtocolVersion | tls.MaximumProtocolVersion,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = check.Validate,
        };
        if (trustedRoots is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
            policy.CustomTrustStore.AddRange(trustedRoots);
            options.CertificateChainPolicy = policy;
        }

        if (clientCertificate is not null)
        {
            options.ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate.Certificate, clientCertificate.Intermediates, offline: true);
        }

        return options;
    }

    /// <summary>Why the handshake failed, in words: the certificate check's finding, else the innermost error.</summary>
    private static string Reason(Exception exception, ServerCertificateCheck check, MqttTlsOptions tls)
    {
        if (check.Problem is { } problem)
        {
            return problem;
        }

        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        var allowed = tls.MinimumProtocolVersion == tls.MaximumProtocolVersion
            ? $"{tls.MinimumProtocolVersion}"
            : $"{tls.MinimumProtocolVersion} to {tls.MaximumProtocolVersion}";
        var detail = innermost is SocketException || (exception is IOException && innermost == exception)
            ? $"the broker closed the connection ({innermost.Message})"
            : innermost.Message;
        var certificate = tls.ClientCertificateFile is null ? "without" : "with";
        return $"{detail}; this client allows {allowed}, {certificate} a client certificate (is the port a TLS listener that accepts that?)";
    }
}
