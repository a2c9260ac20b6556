using System.Diagnostics;
using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;
using Edge.Mqtt.Bench.Reporting;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>
/// Memory: an Edge.Mqtt publisher and subscriber in this process move QoS 1 messages through the broker at a steady
/// rate (5,000 msg/s by default, each acknowledged) for <see cref="BenchArguments.Minutes"/> minutes. Every 10 s the
/// process's working set, its GC heap (now, and after the last collection) and the broker's RSS are sampled. Reported:
/// start, end, max and the least-squares slope (over the whole run and after the first minute), bytes allocated per
/// message (GC.GetTotalAllocatedBytes, both clients together) and the collections per generation.
/// </summary>
internal sealed class MemoryBenchmark(BenchContext context)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    private long _delivered;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rate = context.Arguments.MemoryRate;
        var duration = TimeSpan.FromMinutes(context.Arguments.Minutes);
        var total = (long)(rate * duration.TotalSeconds);
        const string Topic = "bench/memory";
        BenchContext.Log(string.Create(CultureInfo.InvariantCulture, $"memory: {total:N0} QoS 1 messages at {rate:N0} msg/s for {duration.TotalMinutes:F1} min"));

        await using var subscriber = await EdgeClients.ConnectAsync(context.Broker.Host, context.Broker.Port, "bench-mem-sub", cleanSession: true, cancellationToken);
        await subscriber.SubscribeAsync([new MqttTopicFilter(Topic, MqttQualityOfService.AtLeastOnce)], cancellationToken);
        await using var publisher = await EdgeClients.ConnectAsync(context.Broker.Host, context.Broker.Port, "bench-mem-pub", cleanSession: true, cancellationToken);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gcBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var receiver = Task.Run(() => ReceiveAsync(subscriber, total, stop.Token), CancellationToken.None);
        var sampler = Task.Run(() => SampleAsync(started, stop.Token), CancellationToken.None);

        var message = new MqttApplicationMessage(Topic, EdgeClients.Payload, MqttQualityOfService.AtLeastOnce);
        var pacer = new Pacer(rate);
        var outstanding = new Task?[256];
        for (var i = 0L; i < total; i++)
        {
            await pacer.WaitForTurnAsync(i, cancellationToken);
            var slot = (int)(i % outstanding.Length);
            if (outstanding[slot] is { } previous)
            {
                await previous;
            }

            outstanding[slot] = publisher.PublishAsync(message, cancellationToken);
        }

        await Task.WhenAll(outstanding.OfType<Task>());
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        await receiver;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var collections = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - gcBefore[g]).ToArray();
        await stop.CancelAsync();
        await sampler;
        context.Report.MemorySamples.Add(Sample(started));
        await publisher.DisconnectAsync(cancellationToken);
        await subscriber.DisconnectAsync(cancellationToken);

        Summarise(total, allocated, collections, Stopwatch.GetElapsedTime(started));
    }

    private async Task ReceiveAsync(MqttClient subscriber, long total, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var received in subscriber.Messages.ReadAllAsync(cancellationToken))
            {
                await received.AcknowledgeAsync(cancellationToken);
                if (Interlocked.Increment(ref _delivered) == total)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Not all arrived within 30 s of the last publish: the summary says how many did.
        }
    }

    private async Task SampleAsync(long started, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleEvery);
        context.Report.MemorySamples.Add(Sample(started));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var sample = Sample(started);
                context.Report.MemorySamples.Add(sample);
                BenchContext.Log(string.Create(CultureInfo.InvariantCulture,
                    $"memory {sample.Minutes:F1} min: working set {sample.WorkingSetBytes / 1048576.0:F1} MiB, GC heap {sample.GcHeapBytes / 1048576.0:F1} MiB, delivered {sample.Delivered:N0}"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private MemorySample Sample(long started)
    {
        using var self = Process.GetCurrentProcess();
        return new MemorySample(
            Stopwatch.GetElapsedTime(started).TotalMinutes,
            self.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            GC.GetGCMemoryInfo().HeapSizeBytes,
            context.Broker.ResidentBytes(),
            Interlocked.Read(ref _delivered),
            BenchContext.LoadAverage());
    }

    private void Summarise(long total, long allocated, int[] collections, TimeSpan elapsed)
    {
        var samples = context.Report.MemorySamples;
        var figures = context.Report.Figures;
        const double MiB = 1024 * 1024;
        foreach (var (name, select) in new (string, Func<MemorySample, long>)[]
        {
            ("working set", s => s.WorkingSetBytes),
            ("GC heap (GC.GetTotalMemory)", s => s.GcHeapBytes),
            ("GC heap after last collection", s => s.GcHeapAfterLastGcBytes),
            ("broker RSS", s => s.BrokerResidentBytes),
        })
        {
            var settled = samples.Where(s => s.Minutes >= 1).ToArray();
            figures.Add(new Figure("memory", $"{name}: start", select(samples[0]) / MiB, "MiB", "before the first message"));
            figures.Add(new Figure("memory", $"{name}: end", select(samples[^1]) / MiB, "MiB"));
            figures.Add(new Figure("memory", $"{name}: max", samples.Max(select) / MiB, "MiB"));
            figures.Add(new Figure("memory", $"{name}: slope, whole run", SlopePerMinute(samples, select) / MiB, "MiB/min"));
            figures.Add(new Figure("memory", $"{name}: slope after minute 1", SlopePerMinute(settled, select) / MiB, "MiB/min"));
        }

        var delivered = Interlocked.Read(ref _delivered);
        figures.Add(new Figure("memory", "messages delivered / published", delivered, "messages", string.Create(CultureInfo.InvariantCulture, $"of {total:N0}, in {elapsed.TotalMinutes:F1} min")));
        figures.Add(new Figure("memory", "allocated per message (publish + receive + acknowledge, QoS 1)", (double)allocated / Math.Max(1, delivered), "bytes", "both clients of this process together"));
        figures.Add(new Figure("memory", "GC collections during the run, gen0", collections[0], "collections", $"gen1: {collections[1]}, gen2: {collections[2]}"));
    }

    private static double SlopePerMinute(IReadOnlyList<MemorySample> samples, Func<MemorySample, long> select) =>
        Stats.Slope(samples.Select(s => s.Minutes).ToArray(), samples.Select(s => (double)select(s)).ToArray());
}
