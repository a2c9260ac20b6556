using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>
/// The C clients' latency: <c>mosquitto_pub -l</c> fed one line per message by this process's pacer, each line
/// beginning with the wall-clock time (Unix ns) taken just before it is written to the pipe;
/// <c>mosquitto_sub -F '%U %p'</c> prints the wall-clock time at which it received each message (taken in its
/// message callback, so its stdout buffering does not count). Both clocks are CLOCK_REALTIME of this machine. A
/// retained marker tells when mosquitto_sub's subscription is in place.
/// </summary>
internal sealed class MosquittoLatencyRun(BenchBroker broker, MqttQualityOfService qos, int rate, int seconds)
{
    public async Task<LatencyRun> RunAsync(int run, CancellationToken cancellationToken)
    {
        var topic = string.Create(CultureInfo.InvariantCulture, $"bench/latency/c/q{(int)qos}/{run}");
        var warmUp = rate;
        var total = warmUp + rate * seconds;
        var port = broker.Port.ToString(CultureInfo.InvariantCulture);
        var q = ((int)qos).ToString(CultureInfo.InvariantCulture);
        await using var helper = await EdgeClients.ConnectAsync(broker.Host, broker.Port, $"bench-lat-marker-{run}", cleanSession: true, cancellationToken);
        await helper.PublishAsync(new MqttApplicationMessage(topic, "ready"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true), cancellationToken);

        await using var sub = ChildProcess.Start("mosquitto_sub",
            ["-h", broker.Host, "-p", port, "-t", topic, "-q", q, "--nodelay", "-F", "%U %p", "-C", (total + 1).ToString(CultureInfo.InvariantCulture)],
            pipeStdout: true);
        using (var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            ready.CancelAfter(TimeSpan.FromSeconds(10));
            var marker = await sub.StandardOutput.ReadLineAsync(ready.Token);
            if (marker?.EndsWith(" ready", StringComparison.Ordinal) != true)
            {
                throw new InvalidOperationException($"mosquitto_sub printed \"{marker}\" instead of the retained marker: {sub.Output}");
            }
        }

        var receiver = ReadLatenciesAsync(sub.StandardOutput, cancellationToken);
        await using var pub = ChildProcess.Start("mosquitto_pub",
            ["-h", broker.Host, "-p", port, "-t", topic, "-q", q, "--nodelay", "-l"],
            pipeStdin: true);

        // mosquitto_pub polls for its CONNACK every 100 ms before it reads stdin; the first second is warm-up anyway.
        await Task.Delay(500, cancellationToken);
        var pacer = new Pacer(rate);
        var line = new char[EdgeClients.PayloadBytes];
        for (var i = 0; i < total; i++)
        {
            await pacer.WaitForTurnAsync(i, cancellationToken);
            line.AsSpan().Fill('x');
            var sentNanoseconds = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
            sentNanoseconds.TryFormat(line, out _, default, CultureInfo.InvariantCulture);
            pub.StandardInput.WriteLine(line);
        }

        pub.StandardInput.Close();
        await pub.WaitForExitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        try
        {
            await sub.WaitForExitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (TimeoutException)
        {
            // Some messages never arrived: they count as lost.
        }

        var latencies = await receiver;
        await helper.PublishAsync(new MqttApplicationMessage(topic, ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtLeastOnce, Retain: true), cancellationToken);
        await helper.DisconnectAsync(cancellationToken);
        return LatencyRun.From(latencies.Skip(warmUp), total - warmUp);
    }

    private static async Task<List<double>> ReadLatenciesAsync(StreamReader output, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        while (await output.ReadLineAsync(cancellationToken) is { } line)
        {
            if (TryParse(line, out var microseconds))
            {
                latencies.Add(microseconds);
            }
        }

        return latencies;
    }

    /// <summary>"SECONDS.NANOSECONDS SENTNANOSECONDSxxxx..." to the latency in microseconds.</summary>
    private static bool TryParse(string line, out double microseconds)
    {
        microseconds = 0;
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var dot = line.IndexOf('.', StringComparison.Ordinal);
        if (space < 0 || dot < 0 || dot > space)
        {
            return false;
        }

        var payload = line.AsSpan(space + 1);
        var digits = payload.IndexOfAnyExceptInRange('0', '9');
        if (digits <= 0
            || !long.TryParse(line.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !long.TryParse(line.AsSpan(dot + 1, space - dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var fraction)
            || !long.TryParse(payload[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
        {
            return false;
        }

        var fractionDigits = space - dot - 1;
        var received = (seconds * 1_000_000_000) + (fraction * (long)Math.Pow(10, 9 - fractionDigits));
        microseconds = (received - sent) / 1000.0;
        return true;
    }
}
