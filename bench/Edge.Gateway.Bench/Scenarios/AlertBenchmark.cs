using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Gateway.Bench.Reporting;
using Edge.Mqtt;
using Edge.Telemetry;

namespace Edge.Gateway.Bench.Scenarios;

/// <summary>
/// Target 3: a fresh alert's path from the sensor's PUBLISH to <c>gateway/{id}/alerts</c> at p99 under 20 ms while the
/// backlog drains (and live input from the other devices goes on). One device has a threshold rule (in the cloud's
/// rules and in the gateway's cached configuration, so a sync keeps it); it publishes readings every 100 ms that
/// alternately raise and clear the alarm, so each reading makes one alert. Publish and receipt are timed in this
/// process (Stopwatch); an alert is matched to its reading by measurement time. Only alerts whose reading was
/// published before the backlog was drained count toward the target.
/// </summary>
internal sealed class AlertBenchmark(BenchContext context)
{
    private const string Scenario = "alert";
    private const string Device = "bench-alarm";
    private const string Rule = """{"kind":"threshold","metric":"water_level_m","devices":["bench-alarm"],"levels":[{"severity":"warning","raise":3.0,"clear":2.8}]}""";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backlog = await context.BacklogAsync(cancellationToken);
        var config = $$"""{"gatewayId":"{{BenchContext.GatewayId}}","devices":[],"rules":[{{Rule}}],"alarmContacts":[]}""";
        var all = new List<double>();
        var p50s = new List<double>();
        var p99s = new List<double>();
        var loads = new List<double>();
        var counted = 0;
        var missing = 0;
        for (var run = 1; run <= context.Arguments.Runs; run++)
        {
            var latencies = new List<double>();
            var (sent, received) = (0, 0);
            var drain = new DrainRun(context, backlog)
            {
                LiveRate = context.Arguments.LiveRate,
                Rules = [Rule],
                ConfigJson = config,
                During = async (endedAt, token) => (sent, received) = await AlarmsAsync(latencies, endedAt, token),
            };
            var result = await drain.RunAsync(cancellationToken);
            loads.Add(result.Load);
            latencies.Sort();
            all.AddRange(latencies);
            counted += latencies.Count;
            missing += sent - received;
            if (latencies.Count > 0)
            {
                p50s.Add(Stats.Percentile(latencies, 50));
                p99s.Add(Stats.Percentile(latencies, 99));
            }

            BenchContext.Log(string.Create(CultureInfo.InvariantCulture,
                $"alert run {run}: {latencies.Count} alerts during the drain (of {sent} sent, {received} received), p50 {Stats.Percentile(latencies, 50):F1} ms, p99 {Stats.Percentile(latencies, 99):F1} ms, max {(latencies.Count > 0 ? latencies[^1] : double.NaN):F1} ms; drain {result.Rate:N0}/s [load {result.Load:F1}]"));
        }

        all.Sort();
        var p99 = Stats.Median(p99s);
        context.Add(new TargetResult(Scenario, $"sensor PUBLISH -> gateway/{{id}}/alerts, p99 per run, while a backlog of {backlog.Count:N0} drains with live input {context.Arguments.LiveRate}/s", "ms",
            p99, p99s, "(none: absolute target)", null, [], "p99 < 20 ms", p99 < 20, loads.Min(), loads.Max(),
            string.Create(CultureInfo.InvariantCulture, $"median of per-run p50 {Stats.Median(p50s):F1} ms; all {all.Count} alerts pooled: p50 {Stats.Percentile(all, 50):F1}, p99 {Stats.Percentile(all, 99):F1}, max {(all.Count > 0 ? all[^1] : double.NaN):F1} ms; {missing} sent but never received")));
    }

    /// <summary>Publishes the alarm readings every 100 ms while the drain runs; returns how many were sent and how many alerts came back.</summary>
    private async Task<(int Sent, int Received)> AlarmsAsync(List<double> latencies, Func<double?> drainEndedAt, CancellationToken cancellationToken)
    {
        var published = new ConcurrentDictionary<long, (long Timestamp, bool DuringDrain)>();
        var arrived = new ConcurrentDictionary<long, long>();
        await using var listener = new MqttClient(new MqttClientOptions { ClientId = "bench-siren", CleanSession = true }.WithBroker(context.Broker.Address));
        await listener.ConnectAsync(cancellationToken);
        await listener.SubscribeAsync([new MqttTopicFilter(DeviceTopics.GatewayAlerts(BenchContext.GatewayId), MqttQualityOfService.AtLeastOnce)], cancellationToken);
        var listening = Task.Run(async () =>
        {
            await foreach (var message in listener.Messages.ReadAllAsync(cancellationToken))
            {
                var at = TimeProvider.System.GetTimestamp();
                using var alert = JsonDocument.Parse(message.Payload);
                if (alert.RootElement.TryGetProperty("deviceId", out var device) && device.GetString() == Device)
                {
                    arrived.TryAdd(alert.RootElement.GetProperty("ts").GetDateTimeOffset().ToUnixTimeMilliseconds(), at);
                }

                await message.AcknowledgeAsync(cancellationToken);
            }
        }, CancellationToken.None);

        await using var sensor = new MqttClient(new MqttClientOptions { ClientId = "bench-alarm-sensor", CleanSession = true }.WithBroker(context.Broker.Address));
        await sensor.ConnectAsync(cancellationToken);
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var sent = 0;
        for (var i = 0; i < context.Arguments.Alerts; i++)
        {
            ts = Math.Max(ts + 1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
            var value = i % 2 == 0 ? 3.5 : 2.0;
            var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{{\"ts\":{ts},\"seq\":{i + 1},\"values\":{{\"water_level_m\":{value:F1},\"battery_v\":3.61}}}}"));
            var start = TimeProvider.System.GetTimestamp();
            published[ts] = (start, drainEndedAt() is null);
            await sensor.PublishAsync(new MqttApplicationMessage(DeviceTopics.Telemetry(Device), payload, MqttQualityOfService.AtLeastOnce), cancellationToken);
            sent++;
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        await sensor.DisconnectAsync(cancellationToken);
        await listener.DisconnectAsync(cancellationToken);
        await listening;
        foreach (var (key, (start, duringDrain)) in published)
        {
            if (duringDrain && arrived.TryGetValue(key, out var at))
            {
                latencies.Add(TimeProvider.System.GetElapsedTime(start, at).TotalMilliseconds);
            }
        }

        return (sent, published.Keys.Count(arrived.ContainsKey));
    }
}
