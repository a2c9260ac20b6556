using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Tests.Alarms.Sms.Http;

/// <summary>A request as the provider saw it; <see cref="Form"/> is filled for form posts (parsed by ASP.NET Core).</summary>
internal sealed record ProviderRequest(
    string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body,
    IReadOnlyDictionary<string, string>? Form, TimeSpan ArrivedAt);

/// <summary>One scripted answer of the provider.</summary>
internal sealed record ProviderReply(int Status, string Body = "", TimeSpan Delay = default, string? RetryAfter = null);

/// <summary>An SMS provider on Kestrel at 127.0.0.1 (free port): records each POST to <c>/send</c> and plays scripted replies (then 200).</summary>
internal sealed class FakeSmsProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ProviderReply> _replies = new();
    private readonly ConcurrentQueue<ProviderRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private FakeSmsProvider(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single() + "/send";

    public IReadOnlyList<ProviderRequest> Requests => [.. _requests];

    public static async Task<FakeSmsProvider> StartAsync(params ProviderReply[] replies)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var provider = new FakeSmsProvider(builder.Build());
        foreach (var reply in replies)
        {
            provider._replies.Enqueue(reply);
        }

        provider._app.MapPost("/send", provider.HandleAsync);
        await provider._app.StartAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = _clock.Elapsed;
        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString())
            : null;
        _requests.Enqueue(new ProviderRequest(
            context.Request.Path, context.Request.ContentType,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body, form, arrived));

        var reply = _replies.TryDequeue(out var next) ? next : new ProviderReply(200, """{"messages":[{"id":"default"}]}""");
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up
            }
        }

        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }
}
