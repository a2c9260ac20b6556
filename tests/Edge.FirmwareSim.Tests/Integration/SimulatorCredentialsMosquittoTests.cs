using Edge.FirmwareSim.Cli;
using Edge.Mqtt;
using Edge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.FirmwareSim.Tests.Integration;

/// <summary>
/// Devices with their own broker accounts (<c>--credentials</c>) on a Mosquitto that refuses anonymous clients and
/// knows two devices, from a file made by <c>mosquitto_passwd</c>: listed devices deliver, an unlisted one cannot.
/// </summary>
public sealed class SimulatorCredentialsMosquittoTests : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("edge-sim-credentials-");
    private MosquittoBroker _broker = null!;

    private string PasswordFile => Path.Combine(_work.FullName, "passwd");

    public async Task InitializeAsync()
    {
        foreach (var (device, password, create) in new[] { ("acct-rg-0001", "rg-secret", true), ("acct-rl-0001", "rl-secret", false) })
        {
            await using var passwd = ExternalProcess.Start("mosquitto_passwd", ["-b", .. create ? new[] { "-c" } : [], PasswordFile, device, password]);
            Assert.Equal(0, await passwd.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        // Mosquitto started as root reads the file as the 'mosquitto' user.
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_work.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        _broker = MosquittoBroker.WithConfiguration(["allow_anonymous false", $"password_file {PasswordFile}"]);
        await _broker.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task Devices_WithTheirPasswords_Deliver_AndOneWithoutAnAccountIsRefused()
    {
        var file = Path.Combine(_work.FullName, "credentials.csv");
        await File.WriteAllTextAsync(file, "# from POST /api/v1/devices/{id}/credentials\nacct-rg-0001,rg-secret\n\nacct-rl-0001,rl-secret\n");
        var (credentials, error) = DeviceCredentialsFile.Read(file);
        Assert.Null(error);

        // Three devices: rain gauge and river level have accounts, the soil probe (acct-sm-0001) has none.
        var options = new SimulatorOptions
        {
            Devices = 3, Rate = 30, Count = 2, Broker = _broker.Address, IdPrefix = "acct-",
            Credentials = credentials, DrainTimeout = TimeSpan.FromSeconds(3),
        };
        var simulator = new Simulator(options, clientOptions => new MqttClient(clientOptions), TimeProvider.System, NullLoggerFactory.Instance);

        var report = await simulator.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(4, report.Totals.Acknowledged);
        Assert.True(report.Totals.Errors > 0, "the device without an account is refused");
    }

    [Theory]
    [InlineData("acct-rg-0001\n", "line 1")]
    [InlineData("ok-1,pw\nbad id!,pw\n", "line 2")]
    [InlineData("dup,pw\ndup,other\n", "listed twice")]
    public async Task CredentialsFile_Malformed_SaysWhichLine(string content, string message)
    {
        var file = Path.Combine(_work.FullName, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, content);

        var (credentials, error) = DeviceCredentialsFile.Read(file);

        Assert.Null(credentials);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
