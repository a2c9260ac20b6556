using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Edge.Mqtt.Transport;

/// <summary>
/// The connection's TLS stream. With TLS 1.3 a broker refuses a client certificate (or the lack of one) only after the
/// client finished its handshake, so the refusal surfaces on the first read or write, where <see cref="SslStream"/>
/// says just "the decryption (encryption) operation failed". Until the broker's first bytes arrive this stream turns
/// such failures into ones that say why: a TLS alert on read into an <see cref="AuthenticationException"/>, anything
/// else into an <see cref="IOException"/> (which the write loop expects). Afterwards it only delegates. Disposing it
/// disposes the TLS session and the client certificate.
/// </summary>
internal sealed class TlsSessionStream(SslStream ssl, SslClientCertificate? clientCertificate, Func<Exception, string> describeRefusal) : Stream
{
    private const string Ended = "TLS session ended before the broker's first answer: ";
    private bool _received;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _received) ? ssl.ReadAsync(buffer, cancellationToken) : FirstReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ssl.Read(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _received) ? ssl.WriteAsync(buffer, cancellationToken) : EarlyWriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => ssl.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => ssl.FlushAsync(cancellationToken);

    public override void Flush() => ssl.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ssl.Dispose();
            clientCertificate?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> FirstReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            var read = await ssl.ReadAsync(buffer, cancellationToken);
            Volatile.Write(ref _received, read > 0);
            return read;
        }
        catch (IOException exception) when (exception.InnerException is not (null or SocketException))
        {
            throw new AuthenticationException(Ended + describeRefusal(exception), exception);
        }
        catch (IOException exception)
        {
            throw new IOException(Ended + describeRefusal(exception), exception);
        }
    }

    private async ValueTask EarlyWriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await ssl.WriteAsync(buffer, cancellationToken);
        }
        catch (IOException exception)
        {
            throw new IOException(Ended + describeRefusal(exception), exception);
        }
    }
}
