using Edge.Gateway.Journal;
using Edge.Gateway.Sources;
using Edge.Gateway.Status;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Journal;

public sealed class JournalWriterTests : IAsyncLifetime
{
    private readonly TemporaryJournal _journal = new();
    private readonly Inbound _inbound = new();
    private readonly InboundQueue _queue = new(10_000);
    private readonly JournalSignal _signal = new();
    private JournalWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _writer = new JournalWriter(_queue, _journal.Database, _journal.Reservation, _signal, new GatewayMetrics(new TestMeterFactory()),
            Options.Create(new JournalOptions()), Options.Create(new MqttSourceOptions()), Options.Create(new GatewayOptions { Id = "gw-test" }),
            TimeProvider.System, NullLogger<JournalWriter>.Instance);
        await _writer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        _writer.Dispose();
        _journal.Dispose();
    }

    [Fact]
    public async Task Burst_IsCommittedThenAcknowledgedInOrder()
    {
        for (var i = 0; i < 500; i++)
        {
            await _queue.Writer.WriteAsync(_inbound.Telemetry($"dev-{i % 7}", $$"""{"seq":{{i}},"rain_mm":0.2}"""));
        }

        await WaitUntilAsync(() => _inbound.Acknowledged.Count == 500);

        var stats = JournalStatistics.Read(_journal.Database);
        Assert.Equal(500, stats.PendingReadings);
    }

    [Fact]
    public async Task BadInput_IsDeadLetteredAndStillAcknowledged_GoodInputAfterItIsStored()
    {
        await _queue.Writer.WriteAsync(_inbound.Telemetry("rg-1", "garbage"));
        await _queue.Writer.WriteAsync(_inbound.Telemetry("rg-1", """{"rain_mm":0.4}"""));

        await WaitUntilAsync(() => _inbound.Acknowledged.Count == 2);

        var stats = JournalStatistics.Read(_journal.Database);
        Assert.Equal(1, stats.PendingReadings);
        Assert.Equal(1, stats.DeadLetters);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
