using System.Net.Sockets;
using System.Text;
using Edge.Gateway.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Hosting;

/// <summary>systemd's notify socket, played by a real Unix datagram socket: what the gateway tells systemd, and when it stops.</summary>
public sealed class SystemdWatchdogTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-notify-");
    private readonly Socket _systemd = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string _path;

    public SystemdWatchdogTests()
    {
        _path = Path.Combine(_directory.FullName, "notify");
        _systemd.Bind(new UnixDomainSocketEndPoint(_path));
    }

    public void Dispose()
    {
        _systemd.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Started_SaysReadyThenFeedsTheWatchdogWhileTheJournalWriterIsAlive_StopsFeedingWhenItStalls_AndSaysStopping()
    {
        using var notifier = new SystemdNotifier(_path);
        var state = new GatewayState();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var watchdog = new SystemdWatchdog(notifier, state, lifetime, Options.Create(new SystemdWatchdogOptions { StallLimit = TimeSpan.FromMilliseconds(600) }),
            TimeProvider.System, NullLogger<SystemdWatchdog>.Instance) { Interval = Interval };
        using var writer = new CancellationTokenSource();
        var alive = Task.Run(async () =>
        {
            while (!writer.IsCancellationRequested)
            {
                state.JournalWriterAlive(TimeProvider.System.GetUtcNow());
                await Task.Delay(50, CancellationToken.None);
            }
        });

        await watchdog.StartAsync(CancellationToken.None);
        Assert.False(await ReceivesWithinAsync(TimeSpan.FromMilliseconds(300)), "nothing before the host has started");
        lifetime.NotifyStarted();

        Assert.Equal("READY=1", await ReceiveAsync());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("WATCHDOG=1", await ReceiveAsync());
        }

        // The writer stops coming round: within the stall limit (600 ms) the watchdog goes quiet, and stays quiet.
        await writer.CancelAsync();
        await alive;
        await Task.Delay(TimeSpan.FromMilliseconds(900));
        while (await ReceivesWithinAsync(TimeSpan.Zero))
        {
        }

        Assert.False(await ReceivesWithinAsync(TimeSpan.FromMilliseconds(700)), "no WATCHDOG=1 for a stalled writer");

        await watchdog.StopAsync(CancellationToken.None);
        Assert.Equal("STOPPING=1", await ReceiveAsync());
    }

    [Fact]
    public async Task NotStartedBySystemd_SendsNothingAndEnds()
    {
        using var notifier = new SystemdNotifier(null);
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var watchdog = new SystemdWatchdog(notifier, new GatewayState(), lifetime, Options.Create(new SystemdWatchdogOptions()),
            TimeProvider.System, NullLogger<SystemdWatchdog>.Instance) { Interval = Interval };

        await watchdog.StartAsync(CancellationToken.None);
        lifetime.NotifyStarted();

        await watchdog.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify("READY=1"));
    }

    [Theory]
    [InlineData("1000000", null, 1.0)]
    [InlineData("30000000", "self", 30.0)]
    [InlineData("30000000", "1", null)]
    [InlineData("0", null, null)]
    [InlineData(null, null, null)]
    [InlineData("soon", null, null)]
    public void WatchdogInterval_FromSystemdsVariables_OnlyForThisProcess(string? usec, string? pid, double? seconds)
    {
        var forPid = pid == "self" ? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) : pid;

        Assert.Equal(seconds, SystemdWatchdog.WatchdogInterval(usec, forPid)?.TotalSeconds);
    }

    [Fact]
    public async Task Notify_AbstractSocketName_Arrives()
    {
        var name = "edge-notify-" + Guid.NewGuid().ToString("N");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notifier = new SystemdNotifier("@" + name);

        Assert.True(notifier.Notify("READY=1"));

        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var length = await systemd.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Assert.Equal("READY=1", Encoding.UTF8.GetString(buffer, 0, length));
    }

    private async Task<string> ReceiveAsync()
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var length = await _systemd.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private async Task<bool> ReceivesWithinAsync(TimeSpan wait)
    {
        if (_systemd.Available > 0)
        {
            await ReceiveAsync();
            return true;
        }

        await Task.Delay(wait);
        if (_systemd.Available == 0)
        {
            return false;
        }

        await ReceiveAsync();
        return true;
    }
}
