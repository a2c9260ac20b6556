using System.Globalization;
using Edge.Gateway.Bench.Infrastructure;
using Edge.Gateway.Bench.Reporting;

namespace Edge.Gateway.Bench.Scenarios;

/// <summary>
/// Target 4: resident memory under 150 MB with 1,000,000 unforwarded readings. A week-long cloud outage of a village
/// of 200 devices, time-compressed: 1,000,000 readings whose measurement times are spread over the last 7 days (one per
/// device every 2 minutes), published as fast as the gateway takes them, with the cloud unreachable. VmRSS is sampled
/// every second while they accumulate and for 20 s after; then the gateway is restarted on that journal (as after a
/// power cut during the outage: the alarms replay the journal) and sampled for 60 s; then once more with server GC
/// (<c>DOTNET_gcServer=1</c>, the Web SDK's default, which the gateway turns off), to show what the GC mode costs. Also: the journal's ingest rate as it grows,
/// and the cost of a <c>/metrics</c> scrape on a journal this size.
/// </summary>
internal sealed class MemoryBenchmark(BenchContext context)
{
    private const string Scenario = "memory";
    private const int Devices = 200;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var n = context.Arguments.MemoryReadings;
        var data = context.NewDataDirectory("memory");
        var unreachable = CloudProcess.FreeUrl();
        var perDevice = (n + Devices - 1) / Devices;
        var start = TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(7);
        var step = TimeSpan.FromDays(7) / perDevice;
        var publisher = new TelemetryPublisher(context.Broker.Address, "bench-memory", Devices) { Timestamps = i => start + (step * (i / Devices)) };
        var loads = new List<double> { BenchContext.LoadAverage() };
        double accumulating, settled, restarted, scrapeMs;
        using (var probe = new JournalProbe(Path.Combine(data, "journal.db")))
        {
            await using var gateway = await GatewayProcess.StartAsync(context.Root, context.Gateway(data, unreachable), cancellationToken);
            await using var rss = new RssSampler(gateway.Process.ResidentBytes);
            var progress = new Progress();
            var sampling = progress.RunAsync(probe.LastSeq, seq => seq >= n, TimeSpan.FromMinutes(20), cancellationToken);
            await publisher.PublishAsync(0, n, 0, cancellationToken);
            if (!await sampling)
            {
                throw new TimeoutException($"the journal reached {probe.LastSeq():N0} of {n:N0} in 20 minutes");
            }

            accumulating = rss.MaxMib;
            RecordIngestBySize(progress, n);
            await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
            settled = rss.LastMib;
            scrapeMs = await ScrapeMillisecondsAsync(gateway, cancellationToken);
            var series = await gateway.ScrapeAsync(cancellationToken);
            double Sum(string prefix) => series.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(s => s.Value) / 1048576.0;
            context.Add(new Figure(Scenario, $"managed heap after the last GC, with {n:N0} readings journaled", Sum("dotnet_gc_last_collection_heap_size"), "MiB",
                string.Create(CultureInfo.InvariantCulture, $"GC committed {Sum("dotnet_gc_last_collection_memory_committed_size"):F0} MiB, RSS {settled:F0} MiB (System.Runtime meter via /metrics)")));
            loads.Add(BenchContext.LoadAverage());
            Keep(rss, $"RSS MiB while {n:N0} readings accumulate (cloud unreachable)");
            await gateway.StopAsync();
        }

        restarted = await RestartAsync(data, unreachable, serverGc: false, "RSS MiB for 60 s after a restart on that journal", cancellationToken);
        loads.Add(BenchContext.LoadAverage());
        var server = await RestartAsync(data, unreachable, serverGc: true, "RSS MiB for 60 s after a restart, DOTNET_gcServer=1", cancellationToken);
        loads.Add(BenchContext.LoadAverage());
        var worst = Math.Max(accumulating, restarted);
        context.Add(new TargetResult(Scenario, $"gateway VmRSS with {n:N0} unforwarded readings (200 devices over 7 days), max while accumulating and after a restart", "MiB",
            worst, [accumulating, restarted], "(none: absolute target)", null, [], "< 150 MB (143 MiB)", worst * 1048576 < 150e6, loads.Min(), loads.Max(),
            string.Create(CultureInfo.InvariantCulture, $"max while accumulating {accumulating:F0} MiB, 20 s after the last {settled:F0} MiB; max in the 60 s after a restart {restarted:F0} MiB; the same restart with server GC {server:F0} MiB")));
        context.Add(new Figure(Scenario, $"GET /metrics on the {n:N0}-reading journal (its lane gauges count rows)", scrapeMs, "ms"));
        Directory.Delete(data, recursive: true);
        await TelemetryPublisher.DiscardSessionAsync(context.Broker.Address, "edge-gateway-" + BenchContext.GatewayId, cancellationToken);
    }

    private async Task<double> RestartAsync(string data, Uri unreachable, bool serverGc, string series, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var settings = context.Gateway(data, unreachable);
        if (serverGc)
        {
            settings = settings with { Extra = new Dictionary<string, string?> { ["DOTNET_gcServer"] = "1" } };
        }

        ChildProcess? process = null;
        await using var rss = new RssSampler(() => process?.ResidentBytes() ?? 0);
        await using var gateway = await GatewayProcess.StartAsync(context.Root, settings, cancellationToken);
        process = gateway.Process;
        var ready = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        context.Add(new Figure(Scenario, $"restart on that journal until connected to the broker{(serverGc ? ", server GC" : string.Empty)}", ready, "s"));
        await Task.Delay(TimeSpan.FromSeconds(60) - TimeProvider.System.GetElapsedTime(started), cancellationToken);
        Keep(rss, series);
        await gateway.StopAsync();
        return rss.MaxMib;
    }

    private void RecordIngestBySize(Progress progress, int n)
    {
        var tenth = n / 10;
        for (var i = 0; i < 10; i++)
        {
            var rate = progress.Rate(Math.Max(1, i * tenth), (i + 1) * tenth);
            context.Report.Samples.Add(new Sample(Scenario, "ingest readings/s by journal size (end of each tenth, in readings)", (i + 1) * tenth, rate, BenchContext.LoadAverage()));
        }

        context.Add(new Figure(Scenario, $"ingest rate, first tenth of the {n:N0}-reading journal -> last tenth", progress.Rate(1, tenth), "readings/s",
            string.Create(CultureInfo.InvariantCulture, $"last tenth {progress.Rate(n - tenth, n):N0}/s")));
    }

    private static async Task<double> ScrapeMillisecondsAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(6), cancellationToken); // past the gauges' 5 s cache
        var started = TimeProvider.System.GetTimestamp();
        await gateway.ScrapeAsync(cancellationToken);
        return TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
    }

    private void Keep(RssSampler rss, string series)
    {
        lock (rss.Samples)
        {
            foreach (var (seconds, mib, load) in rss.Samples.Where((_, i) => i % 5 == 0))
            {
                context.Report.Samples.Add(new Sample(Scenario, series, seconds, mib, load));
            }
        }
    }
}
