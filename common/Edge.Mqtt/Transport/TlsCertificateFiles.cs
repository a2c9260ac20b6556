using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Mqtt.Transport;

/// <summary>Reads the certificate files named by <see cref="MqttTlsOptions"/>; a file that cannot be used is an <see cref="MqttException"/> naming it.</summary>
internal static class TlsCertificateFiles
{
    /// <summary>The certificates of <see cref="MqttTlsOptions.CaFile"/> (at least one), or null for the system's trusted roots.</summary>
    public static X509Certificate2Collection? LoadTrustedRoots(MqttTlsOptions tls)
    {
        if (tls.CaFile is not { } path)
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception exception) when (IsFileProblem(exception))
        {
            throw Unusable(nameof(tls.CaFile), path, exception);
        }

        return certificates.Count > 0
            ? certificates
            : throw new MqttException($"TLS: Tls.CaFile \"{path}\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /// <summary>The client certificate with its private key and any intermediates from the same file, or null.</summary>
    public static SslClientCertificate? LoadClientCertificate(MqttTlsOptions tls)
    {
        if (tls.ClientCertificateFile is not { } path)
        {
            return null;
        }

        try
        {
            return tls.ClientKeyFile is null && X509Certificate2.GetCertContentType(path) == X509ContentType.Pkcs12
                ? LoadPkcs12(path, tls.ClientCertificatePassword)
                : LoadPem(path, tls.ClientKeyFile, tls.ClientCertificatePassword);
        }
        catch (Exception exception) when (IsFileProblem(exception))
        {
            var file = tls.ClientKeyFile is null ? path : $"{path}\" / \"{tls.ClientKeyFile}";
            throw Unusable(nameof(tls.ClientCertificateFile), file, exception);
        }
    }

    private static SslClientCertificate LoadPem(string certificateFile, string? keyFile, string? password)
    {
        var leaf = password is null
            ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
            : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificateFile);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                certificate.Dispose();
            }
            else
            {
                intermediates.Add(certificate);
            }
        }

        return new SslClientCertificate(leaf, intermediates);
    }

    private static SslClientCertificate LoadPkcs12(string path, string? password)
    {
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
        X509Certificate2? leaf = null;
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (leaf is null && certificate.HasPrivateKey)
            {
                leaf = certificate;
            }
            else
            {
                intermediates.Add(certificate);
            }
        }

        if (leaf is null)
        {
            DisposeAll(intermediates);
            throw new CryptographicException("the PKCS#12 file holds no certificate with a private key");
        }

        return new SslClientCertificate(leaf, intermediates);
    }

    public static void DisposeAll(X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }

    private static bool IsFileProblem(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException;

    private static MqttException Unusable(string option, string file, Exception exception) =>
        new($"TLS: cannot use Tls.{option} \"{file}\": {exception.Message}", exception);
}

/// <summary>A client certificate (with its key) and the intermediates sent along with it.</summary>
internal sealed class SslClientCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2Collection Intermediates { get; } = intermediates;

    public void Dispose()
    {
        Certificate.Dispose();
        TlsCertificateFiles.DisposeAll(Intermediates);
    }
}
