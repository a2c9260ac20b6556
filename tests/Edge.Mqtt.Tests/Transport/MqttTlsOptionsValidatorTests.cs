using System.Security.Authentication;
using Edge.Mqtt.Transport;

namespace Edge.Mqtt.Tests.Transport;

public sealed class MqttTlsOptionsValidatorTests
{
    public static TheoryData<string, string> InvalidOptions() => new()
    {
        { "minimum None", "MinimumProtocolVersion" },
        { "maximum None", "MaximumProtocolVersion" },
        { "minimum above maximum", "is above" },
        { "blank target host", "TargetHost" },
        { "blank CA file", "CaFile" },
        { "blank client certificate file", "ClientCertificateFile is blank" },
        { "key without certificate", "ClientKeyFile is set without" },
        { "blank key file", "ClientKeyFile is blank" },
        { "password without certificate", "ClientCertificatePassword is set without" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void FindProblem_InvalidOptions_NamesTheProblem(string mistake, string expected)
    {
        var tls = new MqttTlsOptions();
        switch (mistake)
        {
            case "minimum None": tls.MinimumProtocolVersion = SslProtocols.None; break;
            case "maximum None": tls.MaximumProtocolVersion = SslProtocols.None; break;
            case "minimum above maximum": (tls.MinimumProtocolVersion, tls.MaximumProtocolVersion) = (SslProtocols.Tls13, SslProtocols.Tls12); break;
            case "blank target host": tls.TargetHost = " "; break;
            case "blank CA file": tls.CaFile = string.Empty; break;
            case "blank client certificate file": tls.ClientCertificateFile = " "; break;
            case "key without certificate": tls.ClientKeyFile = "client.key"; break;
            case "blank key file": (tls.ClientCertificateFile, tls.ClientKeyFile) = ("client.crt", " "); break;
            case "password without certificate": tls.ClientCertificatePassword = "secret"; break;
        }

        Assert.Contains(expected, MqttTlsOptionsValidator.FindProblem(tls), StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_Defaults_None()
    {
        var tls = new MqttTlsOptions();

        Assert.Null(MqttTlsOptionsValidator.FindProblem(tls));
        Assert.Equal(SslProtocols.Tls12, tls.MinimumProtocolVersion);
        Assert.Equal(SslProtocols.Tls13, tls.MaximumProtocolVersion);
        Assert.False(tls.AllowUntrustedCertificates);
    }

    [Fact]
    public void FindProblem_Tls13Only_None()
    {
        var tls = new MqttTlsOptions { MinimumProtocolVersion = SslProtocols.Tls13, ClientCertificateFile = "c.pem", ClientKeyFile = "k.pem", ClientCertificatePassword = "p" };

        Assert.Null(MqttTlsOptionsValidator.FindProblem(tls));
    }
}
