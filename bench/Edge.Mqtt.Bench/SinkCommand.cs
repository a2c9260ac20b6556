using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;

namespace Edge.Mqtt.Bench;

/// <summary>
/// <c>sink HOST PORT TOPIC QOS COUNT</c>: the counting subscriber of the publish benchmark, in its own process so that
/// it shares nothing with the publisher under test. Prints <c>ready</c> once subscribed, then
/// <c>done COUNT FIRST LAST</c> (Stopwatch timestamps, CLOCK_MONOTONIC nanoseconds, comparable across processes).
/// </summary>
internal static class SinkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 5)
        {
            await Console.Error.WriteLineAsync("usage: sink HOST PORT TOPIC QOS COUNT");
            return 2;
        }

        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var qos = (MqttQualityOfService)int.Parse(args[3], CultureInfo.InvariantCulture);
        var expected = long.Parse(args[4], CultureInfo.InvariantCulture);
        using var lifetime = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var client = await EdgeClients.ConnectAsync(args[0], port, $"bench-sink-{Environment.ProcessId}", cleanSession: true, lifetime.Token);
        await client.SubscribeAsync([new MqttTopicFilter(args[2], qos)], lifetime.Token);
        await Console.Out.WriteLineAsync("ready");
        var result = await EdgeClients.DrainAsync(client, expected, TimeSpan.FromSeconds(3), lifetime.Token);
        await Console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"done {result.Count} {result.FirstTimestamp} {result.LastTimestamp}"));
        await client.DisconnectAsync(lifetime.Token);
        return 0;
    }
}
