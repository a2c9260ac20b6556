using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// A stand-in for the cloud's <c>POST /api/v1/ingest</c> that only counts: it takes an ingest batch (gzip or not),
/// remembers each reading by device and device seq (so a resent reading counts once), and answers as the cloud does
/// (<c>{"accepted":n,"duplicates":d,"rejected":[]}</c>). It can be taken down (connections refused) and brought back,
/// so the gateway and the Node-RED flow can face the same outage of their sink.
/// </summary>
internal sealed class IngestSink : IAsyncDisposable
{
    private readonly HashSet<(string Device, long Seq)> _seen = [];
    private HttpListener? _listener;
    private Task _serving = Task.CompletedTask;

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

    public long Requests { get; private set; }

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

    public void Up()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        _listener = listener;
        _serving = Task.Run(() => ServeAsync(listener));
    }

    public async Task DownAsync()
    {
        var listener = _listener;
        _listener = null;
        listener?.Stop();
        listener?.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            Stream body = context.Request.InputStream;
            if (string.Equals(context.Request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            using var batch = await JsonDocument.ParseAsync(body);
            int accepted = 0, duplicates = 0;
            if (batch.RootElement.TryGetProperty("readings", out var readings))
            {
                lock (_seen)
                {
                    Requests++;
                    foreach (var reading in readings.EnumerateArray())
                    {
                        var key = (reading.GetProperty("deviceId").GetString()!, reading.GetProperty("seq").GetInt64());
                        _ = _seen.Add(key) ? accepted++ : duplicates++;
                    }
                }
            }

            var answer = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"accepted\":{accepted},\"duplicates\":{duplicates},\"rejected\":[]}}"));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or JsonException or ObjectDisposedException or InvalidOperationException)
        {
            try
            {
                context.Response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
