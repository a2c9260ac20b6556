using System.Globalization;
using Edge.Gateway.Bench.Infrastructure;
using Edge.Gateway.Bench.Reporting;

namespace Edge.Gateway.Bench.Scenarios;

/// <summary>
/// Target 2: the backlog drains to the local cloud over HTTP at ≥ 20,000 readings/s and ≥ 5 × the live input.
/// The same backlog, built with the cloud unreachable, is drained into an empty database for each
/// <c>Uplink:BatchSize</c> (1,000 is the default), then with live input at <c>--live-rate</c> beside it.
/// CPU per 1,000 readings of the gateway, the cloud and PostgreSQL says where the time goes. Each batch size is also
/// drained into a counting sink that accepts every batch (<see cref="IngestSink"/>, Kestrel, in the bench's process):
/// the gateway's own ceiling, which says whether the gateway or the cloud limits the drain.
/// </summary>
internal sealed class DrainBenchmark(BenchContext context)
{
    private const string Scenario = "drain";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backlog = await context.BacklogAsync(cancellationToken);
        BenchContext.Log($"backlog: {backlog}");
        await using var sink = new IngestSink();
        await sink.UpAsync();
        foreach (var batchSize in context.Arguments.BatchSizes)
        {
            var results = await RunsAsync($"batch {batchSize}", new DrainRun(context, backlog) { BatchSize = batchSize }, cancellationToken);
            Record(results, batchSize, 0, backlog);
            var ceiling = await RunsAsync($"batch {batchSize} into the sink", new DrainRun(context, backlog) { BatchSize = batchSize, Sink = sink }, cancellationToken);
            RecordCeiling(ceiling, results, batchSize, backlog);
        }

        var live = context.Arguments.LiveRate;
        var withLive = await RunsAsync($"batch 1000 + live {live}/s", new DrainRun(context, backlog) { LiveRate = live }, cancellationToken);
        Record(withLive, 1000, live, backlog);
    }

    private async Task<List<DrainResult>> RunsAsync(string label, DrainRun run, CancellationToken cancellationToken)
    {
        var results = new List<DrainResult>();
        for (var i = 1; i <= context.Arguments.Runs; i++)
        {
            var result = await run.RunAsync(cancellationToken);
            BenchContext.Log(string.Create(CultureInfo.InvariantCulture,
                $"drain {label} run {i}/{context.Arguments.Runs}: {result.Rate:N0} readings/s ({result.Seconds:F1} s); CPU s per 1,000: gateway {result.GatewayCpuPer1000:F3}, cloud {result.CloudCpuPer1000:F3}, postgres {result.PostgresCpuPer1000:F3} [load {result.Load:F1}]"));
            results.Add(result);
        }

        return results;
    }

    private void RecordCeiling(List<DrainResult> ceiling, List<DrainResult> cloud, int batchSize, BacklogSnapshot backlog)
    {
        var rates = ceiling.Select(r => r.Rate).ToList();
        var median = Stats.Median(rates);
        var cloudRates = cloud.Select(r => r.Rate).ToList();
        context.Add(new TargetResult(Scenario,
            string.Create(CultureInfo.InvariantCulture, $"gateway drain ceiling: backlog of {backlog.Count:N0} into a sink that accepts every batch, Uplink:BatchSize {batchSize}"),
            "readings/s", median, rates, "the same drain into the local cloud (row above); ratio = sink / cloud: above 1, the cloud limits", Stats.Median(cloudRates), cloudRates,
            "≥ 20,000/s (the gateway's share of the drain target)", median >= 20_000, ceiling.Min(r => r.Load), ceiling.Max(r => r.Load),
            string.Create(CultureInfo.InvariantCulture,
                $"CPU s per 1,000 readings: gateway {Stats.Median(ceiling.Select(r => r.GatewayCpuPer1000).ToList()):F3}, sink (bench process) {Stats.Median(ceiling.Select(r => r.CloudCpuPer1000).ToList()):F3}")));
    }

    private void Record(List<DrainResult> results, int batchSize, int live, BacklogSnapshot backlog)
    {
        var rates = results.Select(r => r.Rate).ToList();
        var median = Stats.Median(rates);
        var what = string.Create(CultureInfo.InvariantCulture, $"backlog of {backlog.Count:N0} into PostgreSQL, Uplink:BatchSize {batchSize}{(live > 0 ? $", live input {live}/s beside it" : ", no live input")}");
        var cpu = string.Create(CultureInfo.InvariantCulture,
            $"CPU s per 1,000 readings: gateway {Stats.Median(results.Select(r => r.GatewayCpuPer1000).ToList()):F3}, cloud {Stats.Median(results.Select(r => r.CloudCpuPer1000).ToList()):F3}, PostgreSQL {Stats.Median(results.Select(r => r.PostgresCpuPer1000).ToList()):F3}");
        bool? met = live > 0 ? median >= 20_000 && median >= 5 * live : batchSize == 1000 ? median >= 20_000 : null;
        context.Add(new TargetResult(Scenario, what, "readings/s", median, rates,
            live > 0 ? "the live input rate" : "(none: absolute target)", live > 0 ? live : null, [],
            live > 0 ? "≥ 20,000/s and ≥ 5 × live" : "≥ 20,000/s", met,
            results.Min(r => r.Load), results.Max(r => r.Load), cpu));
    }
}
