using System.Text;

namespace Edge.Gateway.Tests.Alarms.Sms.Modem;

/// <summary>
/// A GSM modem played by a script on the master side of a pseudo-terminal. It checks every byte the gateway writes
/// against the script, answers, optionally echoes everything (a modem left in ATE1), and notes bytes that arrive
/// while it is still busy answering (a sender talking over the modem). After the script it listens silently.
/// It runs on a thread of its own with blocking polls, so that it takes nothing from the thread pool the sender's
/// timers run on.
/// </summary>
internal sealed class FakeModem : IAsyncDisposable
{
    public static readonly TimeSpan PartGap = TimeSpan.FromMilliseconds(20);

    private readonly PseudoTerminal _pty = PseudoTerminal.Open();
    private readonly ModemStep[] _script;
    private readonly bool _echo;
    private readonly string? _link;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _played = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<byte> _received = [];
    private readonly List<string> _failures = [];
    private readonly List<string> _texts = [];
    private readonly Queue<byte> _pending = new();
    private readonly Thread _thread;
    private int _overlaps;

    private FakeModem(ModemStep[] script, bool echo, string? link)
    {
        _script = script;
        _echo = echo;
        _link = link;
        _thread = new Thread(Run) { IsBackground = true, Name = "fake-modem" };
    }

    /// <summary>The path the sender opens: the link path when one was given (a symbolic link to the pty, like a udev link), else the pty itself.</summary>
    public string DevicePath => _link ?? _pty.SlavePath;

    /// <summary>Everything the gateway wrote, one char per byte.</summary>
    public string Received => Locked(() => Encoding.Latin1.GetString([.. _received]));

    public IReadOnlyList<string> Failures => Locked(() => _failures.ToList());

    /// <summary>The texts received after prompts (without Ctrl-Z).</summary>
    public IReadOnlyList<string> Texts => Locked(() => _texts.ToList());

    public int Overlaps => Volatile.Read(ref _overlaps);

    /// <summary>Completes when every step of the script has been played.</summary>
    public Task Played => _played.Task;

    public static FakeModem Start(IEnumerable<ModemStep> script, bool echo = false, string? linkPath = null)
    {
        var modem = new FakeModem([.. script], echo, linkPath);
        if (linkPath is not null)
        {
            File.Delete(linkPath);
            File.CreateSymbolicLink(linkPath, modem._pty.SlavePath);
        }

        modem._thread.Start();
        if (modem._script.Length == 0)
        {
            modem._played.TrySetResult();
        }

        return modem;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _thread.Join();
        _pty.Dispose();
        if (_link is not null)
        {
            File.Delete(_link);
        }

        _stop.Dispose();
    }

    public override string ToString() => $"modem received {Escape(Received)}; failures: {string.Join("; ", Failures)}";

    public static string Escape(string bytes) => string.Concat(bytes.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"<{(int)c:X2}>"));

    private void Run()
    {
        var step = 0;
        var matched = 0;
        var text = new List<byte>();
        while (!_stop.IsCancellationRequested)
        {
            if (_pending.Count == 0 && !Receive(busy: false, timeoutMilliseconds: 5))
            {
                continue;
            }

            while (_pending.TryDequeue(out var b))
            {
                if (step == _script.Length)
                {
                    continue; // after the script (or a failure): listen only
                }

                var current = _script[step];
                if (current.IsText ? b != 0x1A : b != current.Expected![matched])
                {
                    if (!current.IsText)
                    {
                        Fail($"step {step}: expected {Escape(current.Expected!)} but byte {matched} was {Escape(((char)b).ToString())}");
                        step = _script.Length; // stop answering: the sender will time out, and the test sees the failure
                        continue;
                    }

                    text.Add(b);
                    continue;
                }

                if (!current.IsText && ++matched < current.Expected!.Length)
                {
                    continue;
                }

                if (current.IsText)
                {
                    Locked(() => _texts.Add(Encoding.Latin1.GetString([.. text])));
                    text.Clear();
                }

                matched = 0;
                step++;
                Answer(current);
                if (step == _script.Length)
                {
                    _played.TrySetResult();
                }
            }
        }
    }

    // Reads what the gateway wrote, waiting up to the timeout; false when nothing came.
    private bool Receive(bool busy, int timeoutMilliseconds)
    {
        var data = _pty.Read(timeoutMilliseconds);
        if (data is null)
        {
            _stop.Token.WaitHandle.WaitOne(timeoutMilliseconds); // no slave open: the gateway closed the device
            return false;
        }

        if (data.Length == 0)
        {
            return false;
        }

        Locked(() => _received.AddRange(data));
        if (_echo)
        {
            _pty.Write(data);
        }

        if (busy)
        {
            Interlocked.Add(ref _overlaps, data.Length);
        }

        foreach (var b in data)
        {
            _pending.Enqueue(b);
        }

        return true;
    }

    // Waits the step's delay (and the gaps between parts) listening: whatever arrives meanwhile is an overlap.
    private void Answer(ModemStep step)
    {
        Listen(step.Delay);
        for (var i = 0; i < step.Answer.Length; i++)
        {
            if (i > 0)
            {
                Listen(PartGap);
            }

            _pty.Write(Encoding.Latin1.GetBytes(step.Answer[i]));
        }
    }

    private void Listen(TimeSpan period)
    {
        var due = Environment.TickCount64 + (long)period.TotalMilliseconds;
        for (var left = period.TotalMilliseconds; left > 0 && !_stop.IsCancellationRequested; left = due - Environment.TickCount64)
        {
            Receive(busy: true, (int)Math.Ceiling(left));
        }
    }

    private void Fail(string failure) => Locked(() => _failures.Add(failure));

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Locked(Action change)
    {
        lock (_gate)
        {
            change();
        }
    }
}
