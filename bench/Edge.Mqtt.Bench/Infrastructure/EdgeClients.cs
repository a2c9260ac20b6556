using System.Diagnostics;

namespace Edge.Mqtt.Bench.Infrastructure;

/// <summary>What a drain saw: how many messages, and the Stopwatch timestamps of the first and the last.</summary>
internal readonly record struct DrainResult(long Count, long FirstTimestamp, long LastTimestamp);

/// <summary>
/// The bench's use of Edge.Mqtt, through its public API only and with its default options (what the gateway and the
/// simulator run with): connect, publish N messages, drain N messages acknowledging each.
/// </summary>
internal static class EdgeClients
{
    public const int PayloadBytes = 100;

    public static readonly ReadOnlyMemory<byte> Payload = CreatePayload();

    public static async Task<MqttClient> ConnectAsync(string host, int port, string clientId, bool cleanSession, CancellationToken cancellationToken)
    {
        var options = new MqttClientOptions
        {
            Host = host,
            Port = port,
            ClientId = clientId,
            CleanSession = cleanSession,
            KeepAlive = TimeSpan.FromSeconds(60),
        };
        var client = new MqttClient(options);
        try
        {
            await client.ConnectAsync(cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Publishes <paramref name="message"/> <paramref name="count"/> times (one message instance: the bench allocates
    /// nothing per message). QoS 0, or <paramref name="window"/> 1: each call awaited before the next. QoS 1 with a
    /// window: up to <paramref name="window"/> calls outstanding, the oldest awaited first.
    /// </summary>
    public static async Task PublishAsync(MqttClient client, MqttApplicationMessage message, long count, int window, CancellationToken cancellationToken)
    {
        if (message.Qos == MqttQualityOfService.AtMostOnce || window <= 1)
        {
            for (var i = 0L; i < count; i++)
            {
                await client.PublishAsync(message, cancellationToken);
            }

            return;
        }

        var outstanding = new Task?[window];
        for (var i = 0L; i < count; i++)
        {
            var slot = (int)(i % window);
            if (outstanding[slot] is { } previous)
            {
                await previous;
            }

            outstanding[slot] = client.PublishAsync(message, cancellationToken);
        }

        foreach (var task in outstanding)
        {
            if (task is not null)
            {
                await task;
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="expected"/> messages from <see cref="MqttClient.Messages"/>, acknowledging each; stops early
    /// when nothing arrives for <paramref name="idleLimit"/> (60 s before the first message) or the connection ends.
    /// </summary>
    public static async Task<DrainResult> DrainAsync(MqttClient client, long expected, TimeSpan idleLimit, CancellationToken cancellationToken)
    {
        long count = 0, first = 0, last = 0;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchdog = WatchAsync(() => Volatile.Read(ref count), idleLimit, idle);
        var reader = client.Messages;
        try
        {
            while (count < expected && await reader.WaitToReadAsync(idle.Token))
            {
                while (count < expected && reader.TryRead(out var message))
                {
                    last = Stopwatch.GetTimestamp();
                    if (count == 0)
                    {
                        first = last;
                    }

                    Volatile.Write(ref count, count + 1);
                    await message.AcknowledgeAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Idle: report what arrived.
        }
        finally
        {
            await idle.CancelAsync();
            await watchdog;
        }

        return new DrainResult(count, first, last);
    }

    private static async Task WatchAsync(Func<long> progress, TimeSpan idleLimit, CancellationTokenSource idle)
    {
        var seen = progress();
        var quietSince = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), idle.Token);
                var now = progress();
                if (now != seen)
                {
                    seen = now;
                    quietSince = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(quietSince) > (seen == 0 ? TimeSpan.FromSeconds(60) : idleLimit))
                {
                    await idle.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static byte[] CreatePayload()
    {
        var payload = new byte[PayloadBytes];
        payload.AsSpan().Fill((byte)'x');
        return payload;
    }
}
