using System.Globalization;
using Edge.Gateway.Bench.Infrastructure;
using Edge.Gateway.Bench.Reporting;
using Edge.Telemetry;

namespace Edge.Gateway.Bench.Scenarios;

/// <summary>
/// Target 1: ingest Mosquitto -> journal at QoS 1 (durable group commits, <c>synchronous=FULL</c>) of at least 90% of
/// what <c>mosquitto_sub -q 1</c> receives of the same stream from the same broker. For each run, the same N
/// telemetry messages are queued at the broker for a kept session (the gateway's, or mosquitto_sub's), then the
/// consumer is started and drains it. The cloud is unreachable, so the uplink does not compete (it retries every 2 s).
/// </summary>
internal sealed class IngestBenchmark(BenchContext context)
{
    private const string Scenario = "ingest";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var n = context.Arguments.Messages;
        var startup = await SubscriberStartupAsync(cancellationToken);
        context.Add(new Figure(Scenario, "mosquitto_sub start-up (connect, 1 message, exit), taken off its time", startup * 1000, "ms"));
        var gateway = new List<double>();
        var gatewayWhole = new List<double>();
        var gatewayLate = new List<double>();
        var sub = new List<double>();
        var loads = new List<double>();
        var cpu = new List<double>();
        var rss = new List<double>();
        for (var run = 0; run <= context.Arguments.Runs; run++)
        {
            var label = run == 0 ? "warm-up" : $"run {run}/{context.Arguments.Runs}";
            foreach (var ours in run % 2 == 0 ? new[] { false, true } : [true, false])
            {
                loads.Add(BenchContext.LoadAverage());
                if (ours)
                {
                    var (sustained, whole, late, cpuPerReading, resident) = await GatewayRunAsync(run, n, cancellationToken);
                    BenchContext.Log($"ingest {label} gateway: {sustained:N0}/s sustained (10%->100%), {late:N0}/s over the second half, {whole:N0}/s from its first row, {cpuPerReading:F1} µs CPU per reading, RSS {resident / 1048576.0:F0} MiB [load {BenchContext.LoadAverage():F1}]");
                    if (run > 0)
                    {
                        gateway.Add(sustained);
                        gatewayWhole.Add(whole);
                        gatewayLate.Add(late);
                        cpu.Add(cpuPerReading);
                        rss.Add(resident / 1048576.0);
                    }
                }
                else
                {
                    var rate = await SubscriberRunAsync(run, n, startup, cancellationToken);
                    BenchContext.Log($"ingest {label} mosquitto_sub: {rate:N0}/s [load {BenchContext.LoadAverage():F1}]");
                    if (run > 0)
                    {
                        sub.Add(rate);
                    }
                }
            }
        }

        var median = Stats.Median(gateway);
        var yardstick = Stats.Median(sub);
        context.Add(new TargetResult(Scenario, $"Mosquitto -> journal, QoS 1, synchronous=FULL, {n:N0} queued, sustained (10%->100% of the drain)", "readings/s",
            median, gateway, "`mosquitto_sub -c -q 1 -C N >/dev/null` on the same queued stream (start-up taken off)", yardstick, sub,
            "≥ 0.90 × mosquitto_sub", median >= 0.9 * yardstick, loads.Min(), loads.Max(),
            string.Create(CultureInfo.InvariantCulture, $"from the first journaled row instead: {Stats.Median(gatewayWhole):N0}/s (ratio {Stats.Median(gatewayWhole) / yardstick:F2}); over the second half only (the JIT's warm-up of a fresh process mostly behind it): {Stats.Median(gatewayLate):N0}/s (ratio {Stats.Median(gatewayLate) / yardstick:F2}); cloud unreachable")));
        context.Add(new Figure(Scenario, "gateway CPU per reading journaled (user+system, whole process)", Stats.Median(cpu), "µs"));
        context.Add(new Figure(Scenario, "gateway bytes written per reading journaled (write system calls: WAL, checkpoints, state files)", Stats.Median(_written.Skip(1).ToList()), "B"));
        context.Add(new Figure(Scenario, "gateway RSS after its drain", Stats.Median(rss), "MiB", string.Create(CultureInfo.InvariantCulture, $"{n:N0} readings over 100 devices, all measured within seconds")));
    }

    private async Task<(double Sustained, double Whole, double Late, double CpuMicroseconds, long Rss)> GatewayRunAsync(int run, int n, CancellationToken cancellationToken)
    {
        var clientId = "gw-bench-ingest-" + run.ToString(CultureInfo.InvariantCulture);
        await PreloadAsync(clientId, n, cancellationToken);
        var data = context.NewDataDirectory("ingest");
        var unreachable = CloudProcess.FreeUrl();
        using var probe = new JournalProbe(Path.Combine(data, "journal.db"));
        var progress = new Progress();
        var sampling = progress.RunAsync(probe.LastSeq, seq => seq >= n, TimeSpan.FromMinutes(10), cancellationToken);
        await using var gateway = await GatewayProcess.StartAsync(context.Root, context.Gateway(data, unreachable) with
        {
            Extra = new Dictionary<string, string?> { ["Mqtt__ClientId"] = clientId },
        }, cancellationToken);
        var cpuBefore = CpuMeter.SecondsOf(gateway.Process.Id);
        var writtenBefore = WrittenBytes(gateway.Process.Id);
        if (!await sampling)
        {
            throw new TimeoutException($"the gateway journaled {probe.LastSeq():N0} of {n:N0} in 10 minutes");
        }

        var cpu = CpuMeter.SecondsOf(gateway.Process.Id) - cpuBefore;
        _written.Add((WrittenBytes(gateway.Process.Id) - writtenBefore) / (double)n);
        var journaled = await gateway.CounterAsync("edge_gateway_readings_journaled_total", cancellationToken);
        if ((long)journaled != n)
        {
            context.Report.Notes.Add($"ingest run {run}: /metrics says {journaled:N0} journaled, the journal's last seq {n:N0}");
        }

        var first = progress.Samples.First(s => s.Value > 0);
        var whole = n / (progress.SecondsAt(n) - first.Seconds + (Progress.Interval.TotalSeconds / 2));
        var rss = gateway.Process.ResidentBytes();
        await gateway.StopAsync();
        await TelemetryPublisher.DiscardSessionAsync(context.Broker.Address, clientId, cancellationToken);
        Directory.Delete(data, recursive: true);
        return (progress.Rate(n / 10, n), whole, progress.Rate(n / 2, n), cpu * 1e6 / n, rss);
    }

    private readonly List<double> _written = [];

    /// <summary>Bytes the process has passed to write system calls (/proc/pid/io wchar): the journal's WAL and database writes.</summary>
    private static long WrittenBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/io").First(l => l.StartsWith("wchar:", StringComparison.Ordinal));
        return long.Parse(line["wchar:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private async Task<double> SubscriberRunAsync(int run, int n, double startup, CancellationToken cancellationToken)
    {
        var clientId = "mosquitto-sub-ingest-" + run.ToString(CultureInfo.InvariantCulture);
        await PreloadAsync(clientId, n, cancellationToken);
        var seconds = await SubscribeAsync(clientId, n, cancellationToken);
        await TelemetryPublisher.DiscardSessionAsync(context.Broker.Address, clientId, cancellationToken);
        return n / (seconds - startup);
    }

    /// <summary>mosquitto_sub's own start-up and exit: the median of three drains of a one-message session.</summary>
    private async Task<double> SubscriberStartupAsync(CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clientId = "mosquitto-sub-startup-" + i.ToString(CultureInfo.InvariantCulture);
            await PreloadAsync(clientId, 1, cancellationToken);
            times.Add(await SubscribeAsync(clientId, 1, cancellationToken));
            await TelemetryPublisher.DiscardSessionAsync(context.Broker.Address, clientId, cancellationToken);
        }

        return Stats.Median(times);
    }

    private async Task<double> SubscribeAsync(string clientId, int n, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        await using var sub = ChildProcess.Start("mosquitto_sub", "mosquitto_sub",
            ["-h", "127.0.0.1", "-p", context.Broker.Port.ToString(CultureInfo.InvariantCulture), "-i", clientId, "-c", "-q", "1", "-t", DeviceTopics.AllTelemetry, "-C", n.ToString(CultureInfo.InvariantCulture)],
            discardStdout: true);
        var exit = await sub.WaitForExitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        return exit == 0 ? seconds : throw new InvalidOperationException($"mosquitto_sub exited with {exit}: {sub.Output}");
    }

    private async Task PreloadAsync(string clientId, int n, CancellationToken cancellationToken)
    {
        await TelemetryPublisher.CreateSessionAsync(context.Broker.Address, clientId, cancellationToken);
        await new TelemetryPublisher(context.Broker.Address, "bench-preload", 100).PublishAsync(0, n, 0, cancellationToken);
    }
}
