using System.Globalization;
using Edge.Gateway.Bench.Infrastructure;
using Edge.Gateway.Bench.Reporting;

namespace Edge.Gateway.Bench.Scenarios;

/// <summary>
/// A gateway data folder holding a backlog: N readings journaled while the cloud was unreachable (100 devices,
/// measured at the time they were published), the gateway then stopped. Each drain run starts from a copy, so every
/// run forwards the same backlog into an empty database.
/// </summary>
internal sealed record BacklogSnapshot(string Directory, long FirstSeq, long LastSeq)
{
    public long Count => LastSeq - FirstSeq + 1;

    public static async Task<BacklogSnapshot> BuildAsync(BenchContext context, int readings, CancellationToken cancellationToken)
    {
        var data = context.NewDataDirectory("backlog");
        BenchContext.Log($"building a backlog of {readings:N0} readings with the cloud unreachable");
        using (var probe = new JournalProbe(Path.Combine(data, "journal.db")))
        {
            await using var gateway = await GatewayProcess.StartAsync(context.Root, context.Gateway(data, CloudProcess.FreeUrl()), cancellationToken);
            var started = TimeProvider.System.GetTimestamp();
            await new TelemetryPublisher(context.Broker.Address, "bench-backlog", 100).PublishAsync(0, readings, 0, cancellationToken);
            var progress = new Progress();
            if (!await progress.RunAsync(probe.LastSeq, seq => seq >= readings, TimeSpan.FromMinutes(10), cancellationToken))
            {
                throw new TimeoutException($"the backlog reached {probe.LastSeq():N0} of {readings:N0} in 10 minutes");
            }

            var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            context.Add(new Figure("drain", "backlog built: readings published and journaled per second (live, cloud unreachable)", readings / seconds, "readings/s"));
            await gateway.StopAsync();
        }

        using var check = new JournalProbe(Path.Combine(data, "journal.db"));
        var snapshot = new BacklogSnapshot(data, check.FirstSeq(), check.LastSeq());
        await TelemetryPublisher.DiscardSessionAsync(context.Broker.Address, "edge-gateway-" + BenchContext.GatewayId, cancellationToken);
        return snapshot;
    }

    /// <summary>A fresh copy of the backlog's data folder (the journal and its sequence floor, the alarms' state).</summary>
    public string Copy(BenchContext context)
    {
        var copy = context.NewDataDirectory("drain");
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (!file.EndsWith("-shm", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }
        }

        return copy;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count:N0} readings (seq {FirstSeq}..{LastSeq})");
}
