using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// A stand-in for the cloud's <c>POST /api/v1/ingest</c> that only counts, served by Kestrel in the bench's own process:
/// it takes an ingest batch (gzip or not), remembers each reading by device and device seq (so a resent reading counts
/// once), and answers as the cloud does (<c>{"accepted":n,"duplicates":d,"rejected":[]}</c>). It can be taken down
/// (connections refused) and brought back on the same port, so the gateway and the Node-RED flow can face the same
/// outage of their sink; and it is the ceiling yardstick of the gateway's drain (a sink that accepts every batch).
/// </summary>
internal sealed class IngestSink : IAsyncDisposable
{
    private static readonly byte[] ReadingsName = "readings"u8.ToArray();
    private static readonly byte[] DeviceIdName = "deviceId"u8.ToArray();
    private static readonly byte[] SeqName = "seq"u8.ToArray();

    private readonly HashSet<(string Device, long Seq)> _seen = [];
    private WebApplication? _app;
    private long _requests;

    public IngestSink() => Port = Ports.Free();

    public int Port { get; }

    public Uri Url => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    public Uri IngestUrl => new(Url, "api/v1/ingest");

    /// <summary>Distinct readings received.</summary>
    public long Distinct
    {
        get
        {
            lock (_seen)
            {
                return _seen.Count;
            }
        }
    }

    public long Requests => Interlocked.Read(ref _requests);

    public void Reset()
    {
        lock (_seen)
        {
            _seen.Clear();
        }
    }

    public long DistinctWhere(Func<string, long, bool> match)
    {
        lock (_seen)
        {
            return _seen.Count(r => match(r.Device, r.Seq));
        }
    }

    public async Task UpAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, Port);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.MapPost("/api/v1/ingest", HandleAsync);
        await app.StartAsync();
        _app = app;
    }

    public async Task DownAsync()
    {
        var app = _app;
        _app = null;
        if (app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private async Task HandleAsync(HttpContext context)
    {
        Stream body = context.Request.Body;
        if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, context.RequestAborted);
        var (accepted, duplicates) = Count(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        Interlocked.Increment(ref _requests);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"accepted\":{accepted},\"duplicates\":{duplicates},\"rejected\":[]}}")), context.RequestAborted);
    }

    /// <summary>Reads the batch once, forward only: each reading's <c>deviceId</c> and <c>seq</c> (depth 3: batch, array, reading).</summary>
    private (int Accepted, int Duplicates) Count(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var inReadings = false;
        string? device = null;
        long seq = 0;
        var keys = new List<(string, long)>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                inReadings = reader.ValueTextEquals(ReadingsName);
            }
            else if (inReadings && reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2)
            {
                (device, seq) = (null, 0);
            }
            else if (inReadings && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 3)
            {
                if (reader.ValueTextEquals(DeviceIdName) && reader.Read())
                {
                    device = reader.GetString();
                }
                else if (reader.ValueTextEquals(SeqName) && reader.Read())
                {
                    seq = reader.GetInt64();
                }
            }
            else if (inReadings && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 2 && device is not null)
            {
                keys.Add((device, seq));
            }
        }

        var accepted = 0;
        lock (_seen)
        {
            foreach (var key in keys)
            {
                accepted += _seen.Add(key) ? 1 : 0;
            }
        }

        return (accepted, keys.Count - accepted);
    }
}
