using System.Net.Sockets;
using System.Text;

namespace Edge.FirmwareSim.Gsm;

/// <summary>
/// A GPRS datalogger: one TCP connection to the gateway's line port, kept open; each reading is one line, answered by
/// one line, <c>OK &lt;seq&gt;</c> or <c>ERR &lt;reason&gt;</c>. A broken connection is opened again on the next reading.
/// </summary>
internal sealed class GprsDelivery(string host, int port) : IGsmDelivery
{
    private TcpClient? _client;
    private StreamReader? _reader;

    public async Task<GsmAnswer> DeliverAsync(string text, CancellationToken cancellationToken)
    {
        if (_client is null || _reader is null)
        {
            _client = new TcpClient();
            await _client.ConnectAsync(host, port, cancellationToken);
            _reader = new StreamReader(_client.GetStream(), Encoding.UTF8);
        }

        await _client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text + "\n"), cancellationToken);
        var reply = await _reader.ReadLineAsync(cancellationToken) ?? throw new IOException("the gateway closed the connection");
        return reply.StartsWith("OK", StringComparison.Ordinal) ? GsmAnswer.Stored
            : reply.StartsWith("ERR", StringComparison.Ordinal) ? GsmAnswer.Refused
            : throw new IOException($"unexpected reply \"{reply}\"");
    }

    public ValueTask ResetAsync()
    {
        _reader?.Dispose();
        _client?.Dispose();
        (_reader, _client) = (null, null);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ResetAsync();
}
