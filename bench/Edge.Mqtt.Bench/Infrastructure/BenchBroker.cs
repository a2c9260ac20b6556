using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Edge.Mqtt.Bench.Infrastructure;

/// <summary>
/// A throwaway Mosquitto on a free loopback port, configured so that nothing a benchmark sends is dropped for lack of
/// queue room (unlimited queues, QoS 0 queued for offline sessions) and with Nagle off on its sockets, so that the
/// broker adds no 40 ms stall to either client's latency. Every benchmark of one run uses the same broker.
/// </summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly ChildProcess _process;
    private readonly string _directory;

    private BenchBroker(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    public int ProcessId => _process.Id;

    /// <summary>The configuration every run uses (also written into the results).</summary>
    public static string Configuration(int port) => string.Join('\n',
        string.Create(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1"),
        "allow_anonymous true",
        "persistence false",
        "max_queued_messages 0",
        "max_queued_bytes 0",
        "max_inflight_messages 1000",
        "queue_qos0_messages true",
        "set_tcp_nodelay true",
        "log_dest stderr",
        "log_type error",
        "log_type warning",
        "");

    public static async Task<BenchBroker> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run bench/run-all.sh (it installs mosquitto and mosquitto-clients)");
        }

        var directory = Directory.CreateTempSubdirectory("edge-mqtt-bench-").FullName;
        var port = FreePort();
        var configPath = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(configPath, Configuration(port), cancellationToken);
        var process = ChildProcess.Start(Executable, ["-c", configPath], captureOutput: true);
        var broker = new BenchBroker(process, directory, port);
        await broker.WaitUntilListeningAsync(cancellationToken);
        return broker;
    }

    /// <summary>The broker's resident set (VmRSS), in bytes.</summary>
    public long ResidentBytes() => ChildProcess.ResidentBytes(_process.Id);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException) when (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"mosquitto did not listen on {Port}: {_process.Output}", exception);
            }
        }
    }
}
