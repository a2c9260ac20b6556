using System.Globalization;
using System.Text;

namespace Edge.Testing;

/// <summary>
/// A throwaway Mosquitto on a free loopback port with its own persistence folder. One per test collection
/// (use it as a collection or class fixture); it can be stopped, killed and restarted on the same port.
/// </summary>
public sealed class MosquittoBroker : IAsyncLifetime
{
    private const string Executable = "/usr/sbin/mosquitto";
    private const string Control = "/usr/bin/mosquitto_ctrl";
    private const string DynamicSecurityPlugin = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-mosquitto-").FullName;
    private ExternalProcess? _process;

    /// <summary>A broker with the fixture's default configuration (usable as an xUnit fixture: one public constructor).</summary>
    public MosquittoBroker()
        : this([])
    {
    }

    private MosquittoBroker(IReadOnlyList<string> extraConfiguration) => ExtraConfiguration = extraConfiguration;

    /// <summary>A broker with extra configuration lines after the defaults (later lines override earlier ones).</summary>
    public static MosquittoBroker WithConfiguration(IEnumerable<string> extraConfiguration) => new([.. extraConfiguration]);

    /// <summary>
    /// A broker with the dynamic-security plugin and no anonymous access: its configuration file is made by
    /// <c>mosquitto_ctrl dynsec init</c> with this admin, who may send commands to <c>$CONTROL/dynamic-security/v1</c>.
    /// </summary>
    public static MosquittoBroker WithDynamicSecurity(string adminUsername, string adminPassword) =>
        new([]) { DynamicSecurityAdmin = (adminUsername, adminPassword) };

    /// <summary>The dynamic-security admin, when the plugin is on.</summary>
    public (string Username, string Password)? DynamicSecurityAdmin { get; private init; }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:port</c>, as the programs' <c>--broker</c> options take it.</summary>
    public string Address => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public IReadOnlyList<string> ExtraConfiguration { get; }

    public string Output => _process?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run scripts/install-deps.sh (the test command does).");
        }

        // Mosquitto started as root drops to the 'mosquitto' user, which must be able to write its persistence file.
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        Port = FreeTcpPort.Next();
        if (DynamicSecurityAdmin is { } admin)
        {
            await InitializeDynamicSecurityAsync(admin.Username, admin.Password);
        }

        await StartAsync();
    }

    public async Task StartAsync()
    {
        var configPath = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllTextAsync(configPath, BuildConfiguration());
        _process = ExternalProcess.Start(Executable, ["-c", configPath], $"mosquitto:{Port}");
        await FreeTcpPort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10), () => _process.Output);
    }

    /// <summary>SIGTERM: Mosquitto saves its persistent sessions and exits.</summary>
    public Task StopAsync() => _process?.StopAsync() ?? Task.CompletedTask;

    /// <summary>SIGKILL: whatever was not yet saved is lost, as in a power cut.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string DynamicSecurityFile => Path.Combine(_directory, "dynamic-security.json");

    private async Task InitializeDynamicSecurityAsync(string username, string password)
    {
        await using var init = ExternalProcess.Start(Control, ["dynsec", "init", DynamicSecurityFile, username, password], "mosquitto_ctrl");
        if (await init.WaitForExitAsync(TimeSpan.FromSeconds(30)) != 0)
        {
            throw new InvalidOperationException($"mosquitto_ctrl dynsec init failed:\n{init.Output}");
        }

        // The broker drops to the 'mosquitto' user and saves every change to this file.
        File.SetUnixFileMode(DynamicSecurityFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
    }

    private string BuildConfiguration()
    {
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1")
            .AppendLine("allow_anonymous true")
            .AppendLine("persistence true")
            .AppendLine(CultureInfo.InvariantCulture, $"persistence_location {_directory}/")
            .AppendLine("log_dest stdout")
            .AppendLine("log_type error")
            .AppendLine("log_type warning")
            .AppendLine("log_type notice")
            .AppendLine("log_type information")
            .AppendLine("connection_messages true")
            .AppendLine("max_queued_messages 1000000")
            .AppendLine("max_inflight_messages 1000");
        if (DynamicSecurityAdmin is not null)
        {
            config.AppendLine("allow_anonymous false")
                .AppendLine(CultureInfo.InvariantCulture, $"plugin {DynamicSecurityPlugin}")
                .AppendLine(CultureInfo.InvariantCulture, $"plugin_opt_config_file {DynamicSecurityFile}");
        }

        foreach (var line in ExtraConfiguration)
        {
            config.AppendLine(line);
        }

        return config.ToString();
    }
}
