using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Edge.Mqtt.Transport;

/// <summary>TLS logs, in the client's log category. Event ids 101-102 (the client's own are 1-99).</summary>
internal static partial class MqttTlsHandshake
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "MQTT TLS with {Host}:{Port}: {Protocol}, {CipherSuite}, broker certificate \"{Subject}\", target host \"{TargetHost}\"")]
        public static partial void Established(ILogger logger, string host, int port, SslProtocols protocol, TlsCipherSuite cipherSuite, string targetHost, string? subject);

        [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "MQTT TLS with {Host}:{Port}: the broker's certificate is NOT checked (Tls.AllowUntrustedCertificates, development only); what the check would have found: {Problem}")]
        public static partial void UntrustedAllowed(ILogger logger, string host, int port, string problem);
    }
}
