using System.Diagnostics;
using System.Globalization;

namespace Edge.Mqtt.Bench.Infrastructure;

/// <summary>The parent's handle on a <c>sink</c> child process (see <see cref="SinkCommand"/>).</summary>
internal sealed class SinkProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private SinkProcess(ChildProcess process) => _process = process;

    /// <summary>
    /// Starts a sink subscribed to <paramref name="topic"/> (or draining the persistent session
    /// <paramref name="session"/>); returns once its SUBACK arrived. <paramref name="wrapper"/> runs it under another
    /// program (perf stat).
    /// </summary>
    public static async Task<SinkProcess> StartAsync(
        BenchBroker broker, string topic, MqttQualityOfService qos, long count, CancellationToken cancellationToken,
        string? session = null, IReadOnlyList<string>? wrapper = null)
    {
        string[] sinkArgs = ["sink", broker.Host, broker.Port.ToString(CultureInfo.InvariantCulture), topic, ((int)qos).ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture), .. session is null ? Array.Empty<string>() : [session]];
        var command = SelfCommand(sinkArgs, wrapper);
        var started = Stopwatch.GetTimestamp();
        var child = ChildProcess.Start(command[0], command[1..], pipeStdout: true);
        var sink = new SinkProcess(child) { StartedTimestamp = started };
        var line = await sink.ReadLineAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return line == "ready" ? sink : throw new InvalidOperationException($"the sink said \"{line}\": {child.Output}");
    }

    /// <summary>When the child process was started (Stopwatch timestamp, comparable with the sink's).</summary>
    public long StartedTimestamp { get; private init; }

    /// <summary>Bytes the sink process allocated during its drain (known once <see cref="ResultAsync"/> returned).</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>Waits for the sink to finish (all messages, or 3 s without one) and returns what it counted.</summary>
    public async Task<DrainResult> ResultAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(timeout, cancellationToken);
        var parts = line?.Split(' ');
        if (parts is not ["done", var count, var first, var last, var allocated])
        {
            throw new InvalidOperationException($"the sink said \"{line}\": {_process.Output}");
        }

        AllocatedBytes = long.Parse(allocated, CultureInfo.InvariantCulture);

        await _process.WaitForExitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return new DrainResult(
            long.Parse(count, CultureInfo.InvariantCulture),
            long.Parse(first, CultureInfo.InvariantCulture),
            long.Parse(last, CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The command line that runs this program with <paramref name="args"/>, under <paramref name="wrapper"/> if given.</summary>
    public static string[] SelfCommand(IReadOnlyList<string> args, IReadOnlyList<string>? wrapper = null)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        string[] program = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? [self, Path.Combine(AppContext.BaseDirectory, "Edge.Mqtt.Bench.dll"), .. args]
            : [self, .. args];
        return [.. wrapper ?? [], .. program];
    }

    private async Task<string?> ReadLineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        return await _process.StandardOutput.ReadLineAsync(limit.Token);
    }
}
