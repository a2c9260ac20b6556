using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Edge.Mqtt.Transport;

/// <summary>Opens the connection's byte stream: TCP, with TLS over it when <see cref="MqttClientOptions.Tls"/> is set.</summary>
internal static class MqttTransport
{
    /// <summary>
    /// Connects <paramref name="socket"/> to the broker and returns the stream the client reads and writes. The caller
    /// owns the socket: disposing it ends the stream. A TLS stream is disposed when <paramref name="connectionEnded"/>
    /// fires. Failures: the socket's exceptions, <see cref="ArgumentException"/> for invalid TLS options,
    /// <see cref="MqttException"/> for unreadable certificate files, <see cref="System.Security.Authentication.AuthenticationException"/>
    /// for a failed handshake (the message says why), <see cref="OperationCanceledException"/> for
    /// <paramref name="cancellationToken"/>.
    /// </summary>
    public static async Task<Stream> ConnectAsync(
        Socket socket,
        MqttClientOptions options,
        ILogger logger,
        CancellationToken connectionEnded,
        CancellationToken cancellationToken)
    {
        if (options.Tls is { } tls && MqttTlsOptionsValidator.FindProblem(tls) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        await socket.ConnectAsync(options.Host, options.Port, cancellationToken);
        var network = new NetworkStream(socket, ownsSocket: false);
        return options.Tls is null
            ? network
            : await MqttTlsHandshake.AuthenticateAsync(network, options, logger, connectionEnded, cancellationToken);
    }
}
