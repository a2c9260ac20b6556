using System.Globalization;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// The village Mosquitto as deployed: <c>mosquitto/edge-common.conf</c> (persistence, 1,000,000 queued messages per
/// session, 1,000 in flight) plus a listener on a free loopback port and a throwaway persistence folder.
/// </summary>
internal sealed class VillageBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly ChildProcess _process;
    private readonly string _directory;

    private VillageBroker(ChildProcess process, string directory, int port, string configuration)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Configuration = configuration;
    }

    public int Port { get; }

    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public string Configuration { get; }

    public long ResidentBytes() => _process.ResidentBytes();

    public static async Task<VillageBroker> StartAsync(string repoRoot, CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run bench/run-all.sh (it installs what the benchmarks drive)");
        }

        var directory = Directory.CreateTempSubdirectory("edge-gw-bench-mosquitto-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0x1FF); // Mosquitto started as root drops to 'mosquitto', which writes its persistence here
        var port = Ports.Free();
        var configuration = string.Join('\n',
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "allow_anonymous true",
            $"persistence_location {directory}/",
            "log_dest stderr",
            File.ReadAllText(Path.Combine(repoRoot, "mosquitto", "edge-common.conf")));
        var path = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(path, configuration, cancellationToken);
        var process = ChildProcess.Start("mosquitto", Executable, ["-c", path]);
        await Ports.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), process, cancellationToken);
        return new VillageBroker(process, directory, port, configuration);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
