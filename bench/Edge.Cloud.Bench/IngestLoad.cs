using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Cloud.Bench;

/// <summary>
/// Sustained ingest: every gateway sends its share of the readings through <c>POST /api/v1/ingest</c>, one request in
/// flight per gateway (as a gateway forwards its journal in order), gzip bodies prepared before the clock starts, and
/// a share of batches sent twice (a resend after a lost answer). Each request's time from sending to the answer, which
/// comes after the transaction committed, is its latency. Before the clock starts, each gateway sends batches of its
/// own (readings an hour older, not counted) for <see cref="WarmUpTime"/> and at least <see cref="WarmUpBatches"/>:
/// "sustained" is the rate of a backend that has been running, not of a fresh process still compiling its code (a
/// profile of a fresh backend spent most of its CPU in the JIT for the first seconds of ingest).
/// </summary>
internal static class IngestLoad
{
    public const int WarmUpBatches = 3;

    /// <summary>At most this many warm-up batches per gateway are prepared.</summary>
    public const int MaxWarmUpBatches = 60;

    public static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(10);

    public static async Task<IngestResult> RunAsync(BenchEnvironment environment, CloudBenchArguments arguments)
    {
        var warmUp = environment.Gateways.Select((gateway, g) => Prepare(gateway, g, environment.Gateways.Count, arguments, 1, MaxWarmUpBatches * arguments.Batch, TimeSpan.FromHours(-1))).ToArray();
        var warmUpClock = Stopwatch.StartNew();
        await SendAllAsync(environment, warmUp, sent => sent >= WarmUpBatches && warmUpClock.Elapsed >= WarmUpTime);
        var stagedBefore = await environment.ScalarAsync<long>("SELECT count(*) FROM readings");
        var perGateway = environment.Gateways.Select((gateway, g) => Prepare(gateway, g, environment.Gateways.Count, arguments,
            (MaxWarmUpBatches * arguments.Batch) + 1, (arguments.Readings / environment.Gateways.Count) + (g < arguments.Readings % environment.Gateways.Count ? 1 : 0), TimeSpan.Zero)).ToArray();
        var stopwatch = Stopwatch.StartNew();
        var (latencies, totals) = await SendAllAsync(environment, perGateway);
        var elapsed = stopwatch.Elapsed;
        var accepted = totals.Sum(t => t.Accepted);
        var stored = await environment.ScalarAsync<long>("SELECT count(*) FROM readings") - stagedBefore;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new IngestResult(
            accepted, totals.Sum(t => t.Duplicates), totals.Sum(t => t.Rejected), stored, perGateway.Sum(p => p.Count), elapsed,
            accepted / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>Every gateway sends its bodies in order, one request in flight each, all gateways at once; each stops early once <paramref name="enough"/> (given the requests it sent) says so.</summary>
    private static async Task<(List<double>[] Latencies, (long Accepted, long Duplicates, long Rejected)[] Totals)> SendAllAsync(
        BenchEnvironment environment, List<byte[]>[] perGateway, Func<int, bool>? enough = null)
    {
        var latencies = new List<double>[perGateway.Length];
        var totals = new (long Accepted, long Duplicates, long Rejected)[perGateway.Length];
        await Task.WhenAll(perGateway.Select((requests, g) => Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = environment.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Add("X-Api-Key", environment.Gateways[g].Key);
            var mine = new List<double>(requests.Count);
            foreach (var body in requests)
            {
                if (enough?.Invoke(mine.Count) == true)
                {
                    break;
                }

                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                content.Headers.ContentEncoding.Add("gzip");
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync(new Uri("/api/v1/ingest", UriKind.Relative), content);
                var answer = await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(answer)}");
                }

                var result = JsonSerializer.Deserialize(answer, TelemetryJson.Default.IngestResponse)!;
                totals[g] = (totals[g].Accepted + result.Accepted, totals[g].Duplicates + result.Duplicates, totals[g].Rejected + result.Rejected.Count);
            }

            latencies[g] = mine;
        })));
        return (latencies, totals);
    }

    /// <summary>The gzip bodies one gateway sends, in order, resends included.</summary>
    private static List<byte[]> Prepare(BenchGateway gateway, int index, int gateways, CloudBenchArguments arguments, long firstSeq, long count, TimeSpan shift)
    {
        var bodies = new List<byte[]>();
        var resendEvery = arguments.Duplicates > 0 ? (int)Math.Round(1 / arguments.Duplicates) : int.MaxValue;
        for (long first = firstSeq, batch = 0; first < firstSeq + count; first += arguments.Batch, batch++)
        {
            var readings = new List<Reading>(arguments.Batch);
            for (var seq = first; seq < first + arguments.Batch && seq < firstSeq + count; seq++)
            {
                var ts = BenchClock.Ts(BenchClock.Start, ((seq - firstSeq) * gateways) + index, arguments.Readings) + shift;
                readings.Add(new Reading
                {
                    Id = $"{gateway.Id}:{seq}",
                    GatewayId = gateway.Id,
                    DeviceId = gateway.Devices[(int)(seq % gateway.Devices.Count)],
                    Ts = ts,
                    ReceivedAt = ts,
                    Source = ReadingSources.Mqtt,
                    Seq = seq,
                    Values = new Dictionary<string, double> { ["water_level_m"] = 1 + (seq % 100 * 0.01), ["battery_v"] = 3.6 },
                });
            }

            bodies.Add(Gzip(JsonSerializer.SerializeToUtf8Bytes(new IngestBatch { GatewayId = gateway.Id, Readings = readings }, TelemetryJson.Default.IngestBatch)));
            if (batch % resendEvery == resendEvery - 1)
            {
                bodies.Add(bodies[^1]);
            }
        }

        return bodies;
    }

    private static byte[] Gzip(byte[] json)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(json);
        }

        return compressed.ToArray();
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal sealed record IngestResult(
    long Accepted, long Duplicates, long Rejected, long Stored, int Requests, TimeSpan Elapsed, double ReadingsPerSecond, double P50Ms, double P99Ms);
