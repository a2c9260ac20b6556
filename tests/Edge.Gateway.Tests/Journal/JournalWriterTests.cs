using Edge.Gateway.Journal;
using Edge.Gateway.Sources;

namespace Edge.Gateway.Tests.Journal;

public sealed class JournalWriterTests : IAsyncLifetime
{
    private readonly GatewayServices _gateway = new();
    private readonly Inbound _inbound = new();
    private JournalWriter _writer = null!;

    private InboundQueue Queue => _gateway.Get<InboundQueue>();

    public async Task InitializeAsync()
    {
        _writer = _gateway.Loop<JournalWriter>();
        await _writer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Burst_IsCommittedThenAcknowledgedInOrder()
    {
        for (var i = 0; i < 500; i++)
        {
            await Queue.Writer.WriteAsync(_inbound.Telemetry($"dev-{i % 7}", $$"""{"seq":{{i}},"rain_mm":0.2}"""));
        }

        await WaitUntilAsync(() => _inbound.Acknowledged.Count == 500);

        var stats = JournalStatistics.Read(_gateway.Get<JournalDatabase>());
        Assert.Equal(500, stats.PendingReadings);
    }

    [Fact]
    public async Task BadInput_IsDeadLetteredAndStillAcknowledged_GoodInputAfterItIsStored()
    {
        await Queue.Writer.WriteAsync(_inbound.Telemetry("rg-1", "garbage"));
        await Queue.Writer.WriteAsync(_inbound.Telemetry("rg-1", """{"rain_mm":0.4}"""));

        await WaitUntilAsync(() => _inbound.Acknowledged.Count == 2);

        var stats = JournalStatistics.Read(_gateway.Get<JournalDatabase>());
        Assert.Equal(1, stats.PendingReadings);
        Assert.Equal(1, stats.DeadLetters);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
