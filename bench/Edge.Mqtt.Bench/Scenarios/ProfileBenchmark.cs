using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;
using Edge.Mqtt.Bench.Reporting;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>
/// Profile (diagnosis, not part of <c>all</c>): where Edge.Mqtt spends per message. (1) In this process, with the
/// runtime's events: bytes allocated per message by type (sampled allocation ticks) and lock contentions per message,
/// for publish and receive. (2) With <c>perf stat</c> around whole processes: system calls per message (send/write,
/// recv/read, waits, futex) of Edge.Mqtt (the <c>source</c>/<c>sink</c> child processes) beside the C clients doing
/// the same work.
/// </summary>
internal sealed class ProfileBenchmark(BenchContext context)
{
    private sealed record Workload(string Name, MqttQualityOfService Qos, long Count, int Window, bool Receive);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var n = context.Arguments.Messages;
        Workload[] workloads =
        [
            new("publish QoS 0", MqttQualityOfService.AtMostOnce, n, 1, Receive: false),
            new("publish QoS 1, 256 in flight", MqttQualityOfService.AtLeastOnce, Math.Min(n, 60_000), 256, Receive: false),
            new("publish QoS 1, one at a time", MqttQualityOfService.AtLeastOnce, Math.Max(1000, n / 15), 1, Receive: false),
            new("receive QoS 0 (drain)", MqttQualityOfService.AtMostOnce, n, 1, Receive: true),
            new("receive QoS 1 (drain)", MqttQualityOfService.AtLeastOnce, n, 1, Receive: true),
        ];

        using var listener = new RuntimeEventsListener();
        foreach (var workload in workloads)
        {
            await RuntimeEventsAsync(listener, workload, cancellationToken);
        }

        if (!PerfStat.Available)
        {
            context.Report.Notes.Add("profile: perf is not installed (apt-get install linux-perf), so system calls were not counted");
            return;
        }

        foreach (var workload in workloads)
        {
            await SyscallsAsync(workload, cancellationToken);
        }
    }

    private async Task RuntimeEventsAsync(RuntimeEventsListener listener, Workload workload, CancellationToken cancellationToken)
    {
        await RunInProcessAsync(workload, "warm", () => { }, () => { }, cancellationToken);
        long allocated = 0, monitorContentions = 0;
        await RunInProcessAsync(
            workload,
            "profiled",
            () =>
            {
                listener.Start();
                monitorContentions = Monitor.LockContentionCount;
                allocated = GC.GetTotalAllocatedBytes(precise: true);
            },
            () =>
            {
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                monitorContentions = Monitor.LockContentionCount - monitorContentions;
            },
            cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // the runtime delivers its events asynchronously
        var byType = listener.Stop();
        var sampled = Math.Max(1, byType.Sum(pair => pair.Value));
        var figures = context.Report.Figures;
        figures.Add(new Figure("profile", $"{workload.Name}: allocated per message", (double)allocated / workload.Count, "bytes", "GC.GetTotalAllocatedBytes(true), whole process"));
        foreach (var (type, bytes) in byType.Take(10))
        {
            figures.Add(new Figure("profile", $"{workload.Name}: `{type}`", (double)allocated * bytes / sampled / workload.Count, "bytes/msg",
                string.Create(CultureInfo.InvariantCulture, $"{100.0 * bytes / sampled:F1}% of sampled allocation ticks")));
        }

        figures.Add(new Figure("profile", $"{workload.Name}: lock contentions per 1,000 messages", 1000.0 * listener.Contentions / workload.Count, "contentions",
            string.Create(CultureInfo.InvariantCulture, $"runtime ContentionStart events, {listener.ContentionMilliseconds:F1} ms waited in all; Monitor.LockContentionCount delta {monitorContentions}")));
        BenchContext.Log(string.Create(CultureInfo.InvariantCulture,
            $"profile {workload.Name}: {(double)allocated / workload.Count:F0} bytes/msg, {listener.Contentions} contentions; top: {string.Join(", ", byType.Take(6).Select(p => $"{p.Key} {100.0 * p.Value / sampled:F0}%"))}"));
    }

    /// <summary>Runs <paramref name="workload"/> in this process; <paramref name="begin"/> and <paramref name="end"/> bracket the measured part.</summary>
    private async Task RunInProcessAsync(Workload workload, string tag, Action begin, Action end, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var name = $"bench-profile-{(workload.Receive ? "r" : "p")}-q{(int)workload.Qos}-w{workload.Window}-{tag}";
        var topic = "bench/profile/" + name;
        if (workload.Receive)
        {
            await SessionPreloader.PreloadAsync(broker, name, topic, workload.Qos, workload.Count, cancellationToken);
            begin();
            await using var client = await EdgeClients.ConnectAsync(broker.Host, broker.Port, name, cleanSession: false, cancellationToken);
            await EdgeClients.DrainAsync(client, workload.Count, TimeSpan.FromSeconds(10), cancellationToken);
            end();
            await client.DisconnectAsync(cancellationToken);
            return;
        }

        await using var sink = await SinkProcess.StartAsync(broker, topic, workload.Qos, workload.Count, cancellationToken);
        begin();
        await using (var publisher = await EdgeClients.ConnectAsync(broker.Host, broker.Port, name, cleanSession: true, cancellationToken))
        {
            await EdgeClients.PublishAsync(publisher, new MqttApplicationMessage(topic, EdgeClients.Payload, workload.Qos), workload.Count, workload.Window, cancellationToken);
            await publisher.DisconnectAsync(cancellationToken);
        }

        end();
        await sink.ResultAsync(TimeSpan.FromMinutes(5), cancellationToken);
    }

    private async Task SyscallsAsync(Workload workload, CancellationToken cancellationToken)
    {
        var ours = await CountAsync(workload, edge: true, cancellationToken);
        var theirs = await CountAsync(workload, edge: false, cancellationToken);
        var yardstick = workload.Receive
            ? $"mosquitto_sub -c -q {(int)workload.Qos} -C N"
            : workload.Window > 1 ? $"mosquitto_pub -l -q 1 -M {workload.Window}" : workload.Qos == MqttQualityOfService.AtMostOnce ? "mosquitto_pub -l -q 0" : "mosquitto_pub --repeat N -q 1";
        foreach (var group in PerfStat.Groups.Keys)
        {
            var o = (double)ours[group] / workload.Count;
            var t = (double)theirs[group] / workload.Count;
            context.Report.Comparisons.Add(new Comparison("profile", $"{workload.Name}, N = {workload.Count:N0}", $"{group} calls per message", "calls", o, t, yardstick, "(diagnosis)", null, [o], [t]));
        }

        BenchContext.Log($"profile syscalls {workload.Name}: Edge.Mqtt {Describe(ours, workload.Count)}; C {Describe(theirs, workload.Count)}");
    }

    private async Task<Dictionary<string, long>> CountAsync(Workload workload, bool edge, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var name = $"bench-syscalls-{(edge ? "edge" : "c")}-{(workload.Receive ? "r" : "p")}-q{(int)workload.Qos}-w{workload.Window}";
        var topic = "bench/profile/" + name;
        var output = Path.Combine(context.WorkDirectory, name + ".perf");
        var wrapper = PerfStat.Wrapper(output);
        var port = broker.Port.ToString(CultureInfo.InvariantCulture);
        var qos = ((int)workload.Qos).ToString(CultureInfo.InvariantCulture);
        var count = workload.Count.ToString(CultureInfo.InvariantCulture);
        if (workload.Receive)
        {
            await SessionPreloader.PreloadAsync(broker, name, topic, workload.Qos, workload.Count, cancellationToken);
            if (edge)
            {
                await using var sink = await SinkProcess.StartAsync(broker, topic, workload.Qos, workload.Count, cancellationToken, session: name, wrapper: wrapper);
                await sink.ResultAsync(TimeSpan.FromMinutes(5), cancellationToken);
            }
            else
            {
                await using var sub = ChildProcess.Start(wrapper[0], [.. wrapper[1..], "mosquitto_sub", "-h", broker.Host, "-p", port, "-i", name, "-c", "-q", qos, "-t", topic, "-C", count]);
                await sub.WaitForExitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            }

            return PerfStat.Read(output);
        }

        await using (var sink = await SinkProcess.StartAsync(broker, topic, workload.Qos, workload.Count, cancellationToken))
        {
            string[] command;
            string? lines = null;
            if (edge)
            {
                command = SinkProcess.SelfCommand(["source", broker.Host, port, topic, qos, count, workload.Window.ToString(CultureInfo.InvariantCulture)], wrapper);
            }
            else if (workload.Window == 1 && workload.Qos == MqttQualityOfService.AtLeastOnce)
            {
                command = [.. wrapper, "mosquitto_pub", "-h", broker.Host, "-p", port, "-t", topic, "-q", qos, "--repeat", count, "-m", System.Text.Encoding.ASCII.GetString(EdgeClients.Payload.Span)];
            }
            else
            {
                lines = await context.PayloadLinesAsync(workload.Count, cancellationToken);
                command = [.. wrapper, "mosquitto_pub", "-h", broker.Host, "-p", port, "-t", topic, "-q", qos, "-l", .. workload.Window > 1 ? new[] { "-M", workload.Window.ToString(CultureInfo.InvariantCulture) } : []];
            }

            await using var publisher = ChildProcess.Start(command[0], command[1..], stdinFile: lines);
            await publisher.WaitForExitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            await sink.ResultAsync(TimeSpan.FromMinutes(5), cancellationToken);
        }

        return PerfStat.Read(output);
    }

    private static string Describe(Dictionary<string, long> counts, long messages) =>
        string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(double)c.Value / messages:F3}/msg")));
}
