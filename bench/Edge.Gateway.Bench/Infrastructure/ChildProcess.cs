using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// A program the bench runs beside itself (Mosquitto, mosquitto_sub, PostgreSQL tools, the cloud, the gateway,
/// Node-RED). Started through <c>/bin/sh -c 'exec ...'</c> so that stdout can go to /dev/null without this process
/// copying the bytes; <c>exec</c> keeps the process id, so <see cref="Id"/> is the program itself (its RSS, its signals).
/// The last lines of its output are kept for failure messages and for waiting on a line.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private const int Sigterm = 15;
    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Found)> _waiters = [];

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the program wrote (stderr, and stdout unless it went to /dev/null).</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static ChildProcess Start(
        string name,
        string file,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        bool discardStdout = false)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = !discardStdout,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(discardStdout ? "exec \"$0\" \"$@\" >/dev/null </dev/null" : "exec \"$0\" \"$@\" </dev/null");
        start.ArgumentList.Add(file);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var child = new ChildProcess(process, name);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginErrorReadLine();
        if (!discardStdout)
        {
            process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
            process.BeginOutputReadLine();
        }

        return child;
    }

    /// <summary>Runs a program to its end; throws with its output when it fails or outlasts <paramref name="timeout"/>.</summary>
    public static async Task<string> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancellationToken, string? workingDirectory = null, bool allowFailure = false)
    {
        await using var child = Start(Path.GetFileName(file), file, args, workingDirectory: workingDirectory);
        var exit = await child.WaitForExitAsync(timeout, cancellationToken);
        await Task.Delay(50, cancellationToken); // the last output lines arrive after the exit
        return exit == 0 || allowFailure ? child.Output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({exit}): {child.Output}");
    }

    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Any(match))
            {
                return;
            }

            _waiters.Add((match, found));
        }

        var winner = await Task.WhenAny(found.Task, _process.WaitForExitAsync(cancellationToken), Task.Delay(timeout, cancellationToken));
        if (winner != found.Task)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Name} {(HasExited ? "exited" : $"did not print the line within {timeout}")}: {Output}");
        }
    }

    /// <summary>Waits for the exit; kills the program and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            throw new TimeoutException($"{Name} did not finish within {timeout}: {Output}");
        }
    }

    /// <summary>SIGTERM (a graceful stop), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = SendSignal(_process.Id, Sigterm);
        using var limit = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    /// <summary>VmRSS of the program, in bytes (0 once it has exited).</summary>
    public long ResidentBytes() => ResidentBytes(_process.Id);

    public static long ResidentBytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource>? matched = null;
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    (matched ??= []).Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        matched?.ForEach(found => found.TrySetResult());
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
