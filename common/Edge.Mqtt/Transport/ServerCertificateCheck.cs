using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Mqtt.Transport;

/// <summary>
/// Judges the broker's certificate in one handshake (the chain and the name were checked by <see cref="SslStream"/>)
/// and keeps, in words, what was wrong with it: the handshake's own exception only says the certificate was rejected.
/// </summary>
internal sealed class ServerCertificateCheck(string targetHost, string? caFile, bool allowUntrusted)
{
    /// <summary>What is wrong with the broker's certificate; null when nothing is (or no certificate was checked yet).</summary>
    public string? Problem { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        Problem = Describe(certificate, chain, errors);
        return allowUntrusted;
    }

    private string Describe(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the broker sent no certificate";
        }

        var problems = new List<string>(2);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var trusted = caFile is null ? "the system's trusted roots" : $"Tls.CaFile \"{caFile}\"";
            problems.Add($"it is not trusted ({ChainStatus(chain)}; checked against {trusted})");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add($"it is not valid for the name \"{targetHost}\" (it names {Names(certificate)})");
        }

        return $"the broker's certificate \"{certificate.Subject}\" issued by \"{certificate.Issuer}\": {string.Join("; ", problems)}";
    }

    private static string ChainStatus(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0)
        {
            return "chain errors";
        }

        return string.Join(", ", chain.ChainStatus.Select(status => string.IsNullOrWhiteSpace(status.StatusInformation)
            ? status.Status.ToString()
            : $"{status.Status}: {status.StatusInformation.Trim()}"));
    }

    private static string Names(X509Certificate certificate)
    {
        if (certificate is X509Certificate2 certificate2)
        {
            var alternativeNames = certificate2.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
            if (alternativeNames is not null)
            {
                var names = alternativeNames.EnumerateDnsNames().Select(name => "DNS:" + name)
                    .Concat(alternativeNames.EnumerateIPAddresses().Select(address => "IP:" + address))
                    .ToList();
                return names.Count > 0 ? string.Join(", ", names) : "no DNS name or IP address";
            }

            return $"no subject alternative names, common name \"{certificate2.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}\"";
        }

        return "an unknown set of names";
    }
}
