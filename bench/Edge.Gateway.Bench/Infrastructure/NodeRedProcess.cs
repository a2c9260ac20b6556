using System.Globalization;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// Node-RED (npm <c>node-red</c>, installed in bench/nodered by <c>npm ci</c>) running the peer flow of
/// bench/nodered/flow.template.json: MQTT in at QoS 1 with a kept session -> a function that wraps each message into an
/// ingest batch -> an HTTP request to the sink, with keep-alive. No editor, its own user folder.
/// </summary>
internal sealed class NodeRedProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _userDirectory;

    private NodeRedProcess(ChildProcess process, string userDirectory)
    {
        _process = process;
        _userDirectory = userDirectory;
    }

    public ChildProcess Process => _process;

    public static string Folder(string root) => Path.Combine(root, "bench", "nodered");

    /// <summary>Starts Node-RED and waits until its flows run; <paramref name="started"/> gets the process at once (to sample it from the start).</summary>
    public static async Task<NodeRedProcess> StartAsync(string root, string brokerPort, string clientId, Uri sinkUrl, CancellationToken cancellationToken, Action<ChildProcess>? started = null)
    {
        var folder = Folder(root);
        var red = Path.Combine(folder, "node_modules", "node-red", "red.js");
        if (!File.Exists(red))
        {
            throw new InvalidOperationException($"Node-RED is not installed in {folder}: run `npm ci` there (bench/run-all.sh does)");
        }

        var user = Directory.CreateTempSubdirectory("edge-gw-bench-nodered-").FullName;
        var flow = (await File.ReadAllTextAsync(Path.Combine(folder, "flow.template.json"), cancellationToken))
            .Replace("__MQTT_PORT__", brokerPort, StringComparison.Ordinal)
            .Replace("__CLIENT_ID__", clientId, StringComparison.Ordinal)
            .Replace("__SINK_URL__", sinkUrl.ToString(), StringComparison.Ordinal)
            .Replace("__API_KEY__", "bench", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(user, "flow.json"), flow, cancellationToken);
        var port = Ports.Free().ToString(CultureInfo.InvariantCulture);
        var process = ChildProcess.Start("node-red", "node", [red, "--settings", Path.Combine(folder, "settings.js"), "--userDir", user, "-p", port, Path.Combine(user, "flow.json")],
            workingDirectory: folder);
        started?.Invoke(process);
        await process.WaitForLineAsync(line => line.Contains("Started flows", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
        if (process.HasExited)
        {
            throw new InvalidOperationException($"Node-RED exited: {process.Output}");
        }

        return new NodeRedProcess(process, user);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        Directory.Delete(_userDirectory, recursive: true);
    }
}
