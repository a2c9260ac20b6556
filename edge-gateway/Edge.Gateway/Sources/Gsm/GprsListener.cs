using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Sources.Gsm;

/// <summary>
/// The GPRS line protocol (CONTRACTS section 2): dataloggers open a TCP connection and send newline-delimited lines of
/// the GSM text format; each line gets one reply line, <c>OK &lt;seq&gt;</c> once the journal has committed it (seq: the
/// line's <c>SEQ=</c>, else its number on this connection from 1) or <c>ERR &lt;reason&gt;</c>. Lines are read through a
/// <see cref="PipeReader"/>; a line longer than <see cref="GsmOptions.MaxLineBytes"/> or a connection silent for
/// <see cref="GsmOptions.IdleTimeout"/> is closed. Empty lines (keep-alives) get no reply.
/// </summary>
internal sealed partial class GprsListener(GsmIntake intake, IOptions<GsmOptions> options, TimeProvider timeProvider, ILogger<GprsListener> logger) : BackgroundService
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.GprsPort == 0)
        {
            return;
        }

        using var listener = new TcpListener(IPAddress.Parse(settings.GprsBindAddress), settings.GprsPort);
        var endpoint = settings.GprsBindAddress + ":" + settings.GprsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            // The rest of the gateway (MQTT, journal, uplink) matters more than GPRS: say so and keep going.
            LogCannotListen(endpoint, e.Message);
            return;
        }

        LogListening(endpoint);
        using var slots = new SemaphoreSlim(settings.MaxConnections);
        var connections = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var socket = await listener.AcceptSocketAsync(stoppingToken);
                connections.RemoveAll(task => task.IsCompleted);
                connections.Add(Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(socket, settings, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket, GsmOptions settings, CancellationToken stoppingToken)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        long lineNumber = 0;
        try
        {
            while (true)
            {
                ReadResult result;
                using (var idle = new CancellationTokenSource(settings.IdleTimeout, timeProvider))
                using (var read = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, stoppingToken))
                {
                    try
                    {
                        result = await reader.ReadAsync(read.Token);
                    }
                    catch (OperationCanceledException) when (idle.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                    {
                        LogIdleClosed(remote);
                        return;
                    }
                }

                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (line.Length > settings.MaxLineBytes)
                    {
                        await ReplyAsync(stream, "ERR line too long", stoppingToken);
                        return;
                    }

                    if (IsBlank(line))
                    {
                        continue;
                    }

                    lineNumber++;
                    await ReplyAsync(stream, await AnswerAsync(line, lineNumber, stoppingToken), stoppingToken);
                }

                if (buffer.Length > settings.MaxLineBytes)
                {
                    await ReplyAsync(stream, "ERR line too long", stoppingToken);
                    LogLineTooLong(remote);
                    return;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (IOException e)
        {
            LogConnectionFailed(remote, e.Message);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private async Task<string> AnswerAsync(ReadOnlySequence<byte> line, long lineNumber, CancellationToken stoppingToken)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(line).TrimEnd('\r');
        }
        catch (DecoderFallbackException)
        {
            return "ERR not UTF-8 text";
        }

        var outcome = await intake.SubmitGprsLineAsync(text, stoppingToken);
        return outcome.Accepted
            ? "OK " + (outcome.Seq ?? lineNumber).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "ERR " + outcome.Reason!.ReplaceLineEndings(" ");
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static async Task ReplyAsync(NetworkStream stream, string reply, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(reply), cancellationToken);
        await stream.WriteAsync(NewLine, cancellationToken);
    }
}
