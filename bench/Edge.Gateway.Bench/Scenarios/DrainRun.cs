using Edge.Gateway.Bench.Infrastructure;

namespace Edge.Gateway.Bench.Scenarios;

/// <summary>What one drain measured: the backlog's rate into PostgreSQL and the CPU each process spent per 1,000 readings.</summary>
internal sealed record DrainResult(double Rate, double Seconds, double GatewayCpuPer1000, double CloudCpuPer1000, double PostgresCpuPer1000, double Load);

/// <summary>
/// One drain: a copy of the backlog, a cloud on an empty database, the gateway started on the copy (optionally with
/// live input beside it, and with something else happening meanwhile, such as the alert run). The backlog's progress
/// is read from the journal (the seq of its oldest unforwarded reading) every 50 ms; the rate runs from the first
/// batch taken to the last; PostgreSQL is checked for every reading at the end.
/// </summary>
internal sealed class DrainRun(BenchContext context, BacklogSnapshot snapshot)
{
    public int BatchSize { get; init; } = 1000;

    public int LiveRate { get; init; }

    public string[] Rules { get; init; } = [];

    /// <summary>
    /// When set, the gateway drains into this counting sink instead of a cloud on PostgreSQL: the gateway's own drain
    /// ceiling. The cloud's CPU column is then the bench process's (the sink runs in it).
    /// </summary>
    public IngestSink? Sink { get; init; }

    /// <summary>Written into the data folder as the cached configuration before the gateway starts.</summary>
    public string? ConfigJson { get; init; }

    /// <summary>Runs beside the drain once its first batch is in; gets the time at which the drain ended (null while it runs).</summary>
    public Func<Func<double?>, CancellationToken, Task>? During { get; init; }

    public async Task<DrainResult> RunAsync(CancellationToken cancellationToken)
    {
        var data = snapshot.Copy(context);
        if (ConfigJson is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(data, "config.json"), ConfigJson, cancellationToken);
        }

        var cloud = Sink is null ? await context.StartCloudAsync(null, cancellationToken, Rules) : null;
        Sink?.Reset();
        var cloudUrl = cloud?.Url ?? Sink!.Url;
        var cloudProcessId = cloud?.ProcessId ?? Environment.ProcessId;
        using var live = new CancellationTokenSource();
        Task? publishing = null;
        try
        {
            if (LiveRate > 0)
            {
                publishing = Task.Run(() => new TelemetryPublisher(context.Broker.Address, "bench-live", 100)
                {
                    // Seqs far above the backlog's, so that no live payload repeats a journaled one.
                }.PublishAsync(10_000_000, LiveRate * 900L, LiveRate, live.Token), CancellationToken.None);
            }

            using var probe = new JournalProbe(Path.Combine(data, "journal.db"));
            var postgres = await context.PostgresAsync(cancellationToken);
            var load = BenchContext.LoadAverage();
            await using var gateway = await GatewayProcess.StartAsync(context.Root, context.Gateway(data, cloudUrl) with { BatchSize = BatchSize }, cancellationToken);
            var cpu = (Gateway: CpuMeter.SecondsOf(gateway.Process.Id), Cloud: CpuMeter.SecondsOf(cloudProcessId), Postgres: CpuMeter.SecondsOfTree(postgres.PostmasterId));
            double? endedAt = null;
            var progress = new Progress();
            long Forwarded() => Math.Min((probe.OldestPendingSeq() ?? long.MaxValue) - snapshot.FirstSeq, snapshot.Count);
            var sampling = progress.RunAsync(Forwarded, forwarded => forwarded >= snapshot.Count, TimeSpan.FromMinutes(15), cancellationToken);
            var during = Task.CompletedTask;
            if (During is not null)
            {
                while (progress.Samples.Count == 0 || progress.Samples[^1].Value == 0)
                {
                    await Task.Delay(20, cancellationToken);
                }

                during = During(() => endedAt, cancellationToken);
            }

            var drained = await sampling;
            endedAt = TimeProvider.System.GetElapsedTime(progress.Started).TotalSeconds;
            var spent = (Gateway: CpuMeter.SecondsOf(gateway.Process.Id) - cpu.Gateway, Cloud: CpuMeter.SecondsOf(cloudProcessId) - cpu.Cloud,
                Postgres: CpuMeter.SecondsOfTree(postgres.PostmasterId) - cpu.Postgres);
            await during;
            if (!drained)
            {
                throw new TimeoutException($"the drain forwarded {progress.Samples[^1].Value:N0} of {snapshot.Count:N0} in 15 minutes");
            }

            var stored = cloud is null ? Sink!.Distinct : await PostgresCluster.CountAsync(cloud.ConnectionString, "SELECT count(*) FROM readings", cancellationToken);
            if (stored < snapshot.Count)
            {
                throw new InvalidOperationException($"{(cloud is null ? "the sink" : "PostgreSQL")} holds {stored:N0} readings after the drain of {snapshot.Count:N0}");
            }

            var first = progress.Samples.First(s => s.Value > 0);
            var seconds = progress.SecondsAt(snapshot.Count) - first.Seconds;
            var rate = (snapshot.Count - first.Value) / seconds;
            var thousands = snapshot.Count / 1000.0;
            return new DrainResult(rate, seconds, spent.Gateway / thousands, spent.Cloud / thousands, spent.Postgres / thousands, Math.Max(load, BenchContext.LoadAverage()));
        }
        finally
        {
            await live.CancelAsync();
            if (publishing is not null)
            {
                try
                {
                    await publishing;
                }
                catch (OperationCanceledException)
                {
                }
            }

            if (cloud is not null)
            {
                await context.DisposeCloudAsync(cloud);
            }
            await TelemetryPublisher.DiscardSessionAsync(context.Broker.Address, "edge-gateway-" + BenchContext.GatewayId, CancellationToken.None);
            Directory.Delete(data, recursive: true);
        }
    }
}
