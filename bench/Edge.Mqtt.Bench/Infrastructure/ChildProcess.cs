using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Edge.Mqtt.Bench.Infrastructure;

/// <summary>
/// A program the bench runs beside itself (Mosquitto, its C clients, the sink). It is started through
/// <c>/bin/sh -c 'exec ...'</c> so that its stdout can go to /dev/null and its stdin come from a file without this
/// process copying the bytes; <c>exec</c> keeps the process id, so <see cref="Id"/> is the program itself.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the program wrote to stderr (and stdout when captured) so far.</summary>
    public string Output
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>The program's stdin when started with <c>pipeStdin</c>.</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>The program's stdout when started with <c>pipeStdout</c>.</summary>
    public StreamReader StandardOutput => _process.StandardOutput;

    /// <summary>
    /// Starts <paramref name="file"/>. Stdout: piped to this process (<paramref name="pipeStdout"/>), collected into
    /// <see cref="Output"/> (<paramref name="captureOutput"/>), or /dev/null. Stdin: piped, read from
    /// <paramref name="stdinFile"/>, or /dev/null. Stderr always goes to <see cref="Output"/>.
    /// </summary>
    public static ChildProcess Start(
        string file,
        IReadOnlyList<string> args,
        bool captureOutput = false,
        bool pipeStdout = false,
        bool pipeStdin = false,
        string? stdinFile = null)
    {
        var script = new StringBuilder("exec \"$0\" \"$@\"");
        script.Append(pipeStdout || captureOutput ? string.Empty : " >/dev/null");
        script.Append(pipeStdin ? string.Empty : stdinFile is null ? " </dev/null" : " <\"$EDGE_BENCH_STDIN\"");
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = pipeStdout || captureOutput,
            RedirectStandardInput = pipeStdin,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script.ToString());
        start.ArgumentList.Add(file);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (stdinFile is not null)
        {
            start.Environment["EDGE_BENCH_STDIN"] = stdinFile;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var child = new ChildProcess(process);
        process.ErrorDataReceived += child.Collect;
        process.BeginErrorReadLine();
        if (captureOutput && !pipeStdout)
        {
            process.OutputDataReceived += child.Collect;
            process.BeginOutputReadLine();
        }

        if (pipeStdin)
        {
            process.StandardInput.AutoFlush = true;
        }

        return child;
    }

    /// <summary>Waits for the program to exit; kills it and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
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
            throw new TimeoutException($"{_process.StartInfo.ArgumentList[2]} did not finish within {timeout}: {Output}");
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill();
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
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>VmRSS of a process, in bytes (0 once it has exited).</summary>
    public static long ResidentBytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private void Collect(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_errors)
        {
            if (_errors.Length < 64 * 1024)
            {
                _errors.AppendLine(e.Data);
            }
        }
    }
}
