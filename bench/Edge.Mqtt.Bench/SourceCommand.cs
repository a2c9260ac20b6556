using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;

namespace Edge.Mqtt.Bench;

/// <summary>
/// <c>source HOST PORT TOPIC QOS COUNT WINDOW</c>: publishes COUNT 100-byte messages as the publish benchmark does, in
/// a process of its own, so that <c>perf stat</c> can count its system calls from start to end (profile mode).
/// </summary>
internal static class SourceCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 6)
        {
            await Console.Error.WriteLineAsync("usage: source HOST PORT TOPIC QOS COUNT WINDOW");
            return 2;
        }

        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var qos = (MqttQualityOfService)int.Parse(args[3], CultureInfo.InvariantCulture);
        var count = long.Parse(args[4], CultureInfo.InvariantCulture);
        var window = int.Parse(args[5], CultureInfo.InvariantCulture);
        using var lifetime = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var client = await EdgeClients.ConnectAsync(args[0], port, $"bench-source-{Environment.ProcessId}", cleanSession: true, lifetime.Token);
        await EdgeClients.PublishAsync(client, new MqttApplicationMessage(args[2], EdgeClients.Payload, qos), count, window, lifetime.Token);
        await client.DisconnectAsync(lifetime.Token);
        return 0;
    }
}
