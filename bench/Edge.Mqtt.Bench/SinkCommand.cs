using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;

namespace Edge.Mqtt.Bench;

/// <summary>
/// <c>sink HOST PORT TOPIC QOS COUNT [CLIENTID]</c>: the counting subscriber of the publish benchmark, in its own process
/// so that it shares nothing with the publisher under test. With CLIENTID it takes over that persistent session (clean
/// session off) and drains what is queued there (profile mode). Prints <c>ready</c> once subscribed, then
/// <c>done COUNT FIRST LAST</c> (Stopwatch timestamps, CLOCK_MONOTONIC nanoseconds, comparable across processes).
/// </summary>
internal static class SinkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is not (5 or 6))
        {
            await Console.Error.WriteLineAsync("usage: sink HOST PORT TOPIC QOS COUNT [CLIENTID]");
            return 2;
        }

        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var qos = (MqttQualityOfService)int.Parse(args[3], CultureInfo.InvariantCulture);
        var expected = long.Parse(args[4], CultureInfo.InvariantCulture);
        using var lifetime = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var session = args.Length == 6 ? args[5] : null;
        await using var client = await EdgeClients.ConnectAsync(args[0], port, session ?? $"bench-sink-{Environment.ProcessId}", cleanSession: session is null, lifetime.Token);
        if (session is null)
        {
            await client.SubscribeAsync([new MqttTopicFilter(args[2], qos)], lifetime.Token);
        }

        // A kept session is subscribed already, and must not be subscribed again here: its queued messages arrive
        // before the SUBACK, and once MaxPendingMessages of them wait unread the client stops reading, so the SUBACK
        // would never be read (see bench/README.md, "SUBACK behind a full Messages channel").
        await Console.Out.WriteLineAsync("ready");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = await EdgeClients.DrainAsync(client, expected, TimeSpan.FromSeconds(3), lifetime.Token);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await Console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"done {result.Count} {result.FirstTimestamp} {result.LastTimestamp} {allocated}"));
        await client.DisconnectAsync(lifetime.Token);
        return 0;
    }
}
