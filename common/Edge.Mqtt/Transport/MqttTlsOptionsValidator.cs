using System.Security.Authentication;

namespace Edge.Mqtt.Transport;

/// <summary>Checks <see cref="MqttTlsOptions"/> before a connection is attempted.</summary>
internal static class MqttTlsOptionsValidator
{
    /// <summary>The first thing wrong with <paramref name="tls"/>, or null.</summary>
    public static string? FindProblem(MqttTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.MinimumProtocolVersion is not (SslProtocols.Tls12 or SslProtocols.Tls13))
        {
            return $"Tls.MinimumProtocolVersion {tls.MinimumProtocolVersion} is not Tls12 or Tls13";
        }

        if (tls.MaximumProtocolVersion is not (SslProtocols.Tls12 or SslProtocols.Tls13))
        {
            return $"Tls.MaximumProtocolVersion {tls.MaximumProtocolVersion} is not Tls12 or Tls13";
        }

        if (tls.MinimumProtocolVersion > tls.MaximumProtocolVersion)
        {
            return $"Tls.MinimumProtocolVersion {tls.MinimumProtocolVersion} is above Tls.MaximumProtocolVersion {tls.MaximumProtocolVersion}";
        }

        if (tls.TargetHost is not null && string.IsNullOrWhiteSpace(tls.TargetHost))
        {
            return "Tls.TargetHost is blank (null means the broker's Host)";
        }

        if (tls.CaFile is not null && string.IsNullOrWhiteSpace(tls.CaFile))
        {
            return "Tls.CaFile is blank (null means the system's trusted roots)";
        }

        if (tls.ClientCertificateFile is not null && string.IsNullOrWhiteSpace(tls.ClientCertificateFile))
        {
            return "Tls.ClientCertificateFile is blank (null means no client certificate)";
        }

        if (tls.ClientCertificateFile is null && tls.ClientKeyFile is not null)
        {
            return "Tls.ClientKeyFile is set without Tls.ClientCertificateFile";
        }

        if (tls.ClientKeyFile is not null && string.IsNullOrWhiteSpace(tls.ClientKeyFile))
        {
            return "Tls.ClientKeyFile is blank (null means the key is in Tls.ClientCertificateFile)";
        }

        if (tls.ClientCertificateFile is null && tls.ClientCertificatePassword is not null)
        {
            return "Tls.ClientCertificatePassword is set without Tls.ClientCertificateFile";
        }

        return null;
    }
}
