using System.Globalization;
using Edge.Gateway.Bench.Reporting;

namespace Edge.Gateway.Bench.Scenarios;

/// <summary>
/// Target 2: the backlog drains to the local cloud over HTTP at ≥ 20,000 readings/s and ≥ 5 × the live input.
/// The same backlog, built with the cloud unreachable, is drained into an empty database for each
/// <c>Uplink:BatchSize</c> (1,000 is the default), then with live input at <c>--live-rate</c> beside it.
/// CPU per 1,000 readings of the gateway, the cloud and PostgreSQL says where the time goes.
/// </summary>
internal sealed class DrainBenchmark(BenchContext context)
{
    private const string Scenario = "drain";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backlog = await context.BacklogAsync(cancellationToken);
        BenchContext.Log($"backlog: {backlog}");
        foreach (var batchSize in context.Arguments.BatchSizes)
        {
            var results = await RunsAsync($"batch {batchSize}", new DrainRun(context, backlog) { BatchSize = batchSize }, cancellationToken);
            Record(results, batchSize, 0, backlog);
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
