using System.Text;

namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>
/// The AT dialogue on a serial device: writes commands, splits the answer into lines (CR or LF ends a line, blank lines
/// vanish), recognises the text-entry prompt <c>&gt; </c> (which has no line end), and waits for a final result code.
/// Every wait has a deadline; the device is polled every few milliseconds, so no thread ever blocks on a silent modem.
/// Lines that are not final result codes (echo, <c>RING</c>, <c>+CMTI</c>, ...) are collected and left to the caller.
/// </summary>
internal sealed partial class AtChannel(SerialDevice device, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private readonly StringBuilder _partial = new();
    private readonly Queue<string> _lines = new();

    /// <summary>Sends <paramref name="command"/> + CR after dropping stale input, and reads up to its final result code.</summary>
    public async Task<AtResponse> CommandAsync(string command, TimeSpan timeout, CancellationToken cancellationToken, string? shownAs = null)
    {
        await WriteCommandAsync(command, timeout, cancellationToken, shownAs);
        return await ReadResponseAsync(shownAs ?? command, timeout, null, cancellationToken);
    }

    public async Task WriteCommandAsync(string command, TimeSpan timeout, CancellationToken cancellationToken, string? shownAs = null)
    {
        DiscardInput();
        LogSent(shownAs ?? command);
        await WriteAsync(Encoding.ASCII.GetBytes(command + "\r"), timeout, shownAs ?? command, cancellationToken);
    }

    /// <summary>
    /// Reads lines up to a final result code. With <paramref name="requiredPrefix"/>, an <c>OK</c> before a line with that
    /// prefix is not the answer (a modem with echo on repeats the text, which may contain such a line).
    /// </summary>
    public async Task<AtResponse> ReadResponseAsync(string what, TimeSpan timeout, string? requiredPrefix, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var lines = new List<string>();
        var seen = requiredPrefix is null;
        while (true)
        {
            var line = await ReadLineAsync(start, timeout, what, acceptPrompt: false, cancellationToken);
            var final = AtResponse.FinalOf(line!);
            if (final is null)
            {
                lines.Add(line!);
                seen |= requiredPrefix is not null && line!.StartsWith(requiredPrefix, StringComparison.Ordinal);
            }
            else if (final != AtFinal.Ok || seen)
            {
                return new AtResponse(final.Value, line!, lines);
            }
        }
    }

    /// <summary>Waits for the text-entry prompt: null when it came, else the error the modem answered instead.</summary>
    public async Task<AtResponse?> WaitForPromptAsync(string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (true)
        {
            var line = await ReadLineAsync(start, timeout, what, acceptPrompt: true, cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (AtResponse.FinalOf(line) is { } final and not AtFinal.Ok)
            {
                return new AtResponse(final, line, []);
            }
        }
    }

    public async Task WriteAsync(byte[] data, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        for (var offset = 0; offset < data.Length;)
        {
            var written = device.TryWrite(data, offset);
            offset += written;
            if (written == 0)
            {
                await PauseAsync(start, timeout, $"{what} (output blocked)", cancellationToken);
            }
        }
    }

    /// <summary>Reads and drops whatever arrives during <paramref name="period"/> (lets a modem finish talking).</summary>
    public async Task DrainAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        await Task.Delay(period, time, cancellationToken);
        DiscardInput();
    }

    /// <summary>Drops unread input: late answers of earlier commands and unsolicited codes must not pass for the next answer.</summary>
    public void DiscardInput()
    {
        while (!device.ReadAvailable().IsEmpty)
        {
        }

        _lines.Clear();
        _partial.Clear();
    }

    private async Task<string?> ReadLineAsync(long start, TimeSpan timeout, string what, bool acceptPrompt, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_lines.TryDequeue(out var line))
            {
                LogReceived(line);
                return line;
            }

            if (acceptPrompt && _partial.ToString().Trim() == ">")
            {
                _partial.Clear();
                return null;
            }

            if (!ReadIntoLines())
            {
                await PauseAsync(start, timeout, what, cancellationToken);
            }
        }
    }

    private bool ReadIntoLines()
    {
        var data = device.ReadAvailable();
        foreach (var b in data)
        {
            if (b is not ((byte)'\r' or (byte)'\n'))
            {
                _partial.Append((char)b);
                continue;
            }

            var line = _partial.ToString().Trim();
            _partial.Clear();
            if (line.Length > 0)
            {
                _lines.Enqueue(line);
            }
        }

        return !data.IsEmpty;
    }

    private async Task PauseAsync(long start, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        if (time.GetElapsedTime(start) >= timeout)
        {
            throw ModemException.Timeout(what, timeout);
        }

        await Task.Delay(PollInterval, time, cancellationToken);
    }
}
