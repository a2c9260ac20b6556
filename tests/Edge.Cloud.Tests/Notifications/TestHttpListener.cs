using System.Collections.Concurrent;
using Edge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Edge.Cloud.Tests.Notifications;

/// <summary>A real HTTP server (Kestrel) on a free loopback port that records every request and answers with the status it is told.</summary>
internal sealed class TestHttpListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHttpListener(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<(string Path, IReadOnlyDictionary<string, string> Headers, string Body)> Requests { get; } = new();

    /// <summary>The status of the next answers (200 unless told otherwise).</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    public static async Task<TestHttpListener> StartAsync()
    {
        var port = FreeTcpPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new TestHttpListener(app, port);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            listener.Requests.Enqueue((context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync()));
            context.Response.StatusCode = listener.Status;
        });
        await app.StartAsync();
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
