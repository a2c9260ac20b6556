using System.Diagnostics;
using System.Text.Json;
using Edge.Gateway.Alarms.Sms;
using Edge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Alarms.Sms.Http;

/// <summary>The HTTP sender, configured through <c>AddSmsSender</c>, against a real HTTP provider on Kestrel.</summary>
public sealed class HttpSmsGatewaySenderTests
{
    private const string Number = "+254700000001";

    [Fact]
    public async Task SendAsync_JsonTemplate_PostsTheConfiguredBodyAndHeaders()
    {
        await using var provider = await FakeSmsProvider.StartAsync(new ProviderReply(201, """{"messages":[{"id":"msg-77","status":"queued"}]}"""));
        await using var services = Services(provider.Url, new()
        {
            ["Sms:Http:BodyTemplate"] = """{"to":["{number}"],"message":"{text}","from":"{sender}"}""",
            ["Sms:Http:SenderId"] = "EDGE",
            ["Sms:Http:Headers:Authorization"] = "Bearer s3cret",
            ["Sms:Http:Headers:X-Tenant"] = "kisumu",
            ["Sms:Http:MessageIdPath"] = "messages.0.id",
        });
        const string text = "CRITICAL \"rg-001\" {number} 2.7 m\nጎርፍ";

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, text, CancellationToken.None);

        Assert.True(result.IsSent, result.ToString());
        Assert.Equal("msg-77", result.MessageReference);
        var request = Assert.Single(provider.Requests);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("Bearer s3cret", request.Headers["Authorization"]);
        Assert.Equal("kisumu", request.Headers["X-Tenant"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal(Number, json.RootElement.GetProperty("to")[0].GetString());
        Assert.Equal(text, json.RootElement.GetProperty("message").GetString());
        Assert.Equal("EDGE", json.RootElement.GetProperty("from").GetString());
    }

    [Fact]
    public async Task SendAsync_FormTemplate_PostsUrlEncodedFieldsLikeAfricasTalking()
    {
        await using var provider = await FakeSmsProvider.StartAsync(
            new ProviderReply(201, """{"SMSMessageData":{"Recipients":[{"statusCode":101,"status":"Success","messageId":"ATXid_1"}]}}"""));
        await using var services = Services(provider.Url, new()
        {
            ["Sms:Http:ContentType"] = "application/x-www-form-urlencoded",
            ["Sms:Http:BodyTemplate"] = "username=sandbox&to={number}&message={text}&from={sender}",
            ["Sms:Http:SenderId"] = "EDGE",
            ["Sms:Http:Headers:apiKey"] = "at-key",
            ["Sms:Http:Headers:Accept"] = "application/json",
            ["Sms:Http:MessageIdPath"] = "SMSMessageData.Recipients.0.messageId",
        });

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, "Water 2.7 m & rising = leave", CancellationToken.None);

        Assert.Equal("ATXid_1", result.MessageReference);
        var request = Assert.Single(provider.Requests);
        Assert.Equal("username=sandbox&to=%2B254700000001&message=Water%202.7%20m%20%26%20rising%20%3D%20leave&from=EDGE", request.Body);
        Assert.Equal("Water 2.7 m & rising = leave", request.Form!["message"]);
        Assert.Equal(Number, request.Form["to"]);
        Assert.Equal("at-key", request.Headers["apiKey"]);
    }

    [Fact]
    public async Task SendAsync_500Then200_RetriedOnceAndSent()
    {
        await using var provider = await FakeSmsProvider.StartAsync(new ProviderReply(500, "oops"), new ProviderReply(200, "{}"));
        await using var services = Services(provider.Url);

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, "alarm", CancellationToken.None);

        Assert.True(result.IsSent, result.ToString());
        Assert.Equal("HTTP 200", result.MessageReference);
        Assert.Equal(2, provider.Requests.Count);
        Assert.Equal(provider.Requests[0].Body, provider.Requests[1].Body);
    }

    [Fact]
    public async Task SendAsync_400_NotRetriedAndFailsForGood()
    {
        await using var provider = await FakeSmsProvider.StartAsync(new ProviderReply(400, """{"error":"invalid sender id"}"""));
        await using var services = Services(provider.Url);

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, "alarm", CancellationToken.None);

        Assert.False(result.IsSent);
        Assert.False(result.RetryMayHelp);
        Assert.Contains("400", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("invalid sender id", result.FailureReason, StringComparison.Ordinal);
        Assert.Single(provider.Requests);
    }

    [Fact]
    public async Task SendAsync_AlwaysUnavailable_GivesUpAfterTheRetriesAndRetryMayHelp()
    {
        await using var provider = await FakeSmsProvider.StartAsync(
            new ProviderReply(503), new ProviderReply(502), new ProviderReply(429), new ProviderReply(200));
        await using var services = Services(provider.Url);

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, "alarm", CancellationToken.None);

        Assert.False(result.IsSent);
        Assert.True(result.RetryMayHelp);
        Assert.Contains("429", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(3, provider.Requests.Count); // the first attempt and MaxRetryAttempts = 2
    }

    [Fact]
    public async Task SendAsync_ProviderTooSlow_EachAttemptTimesOutAndTheSendFailsInBoundedTime()
    {
        var slow = new ProviderReply(200, "{}", TimeSpan.FromSeconds(5));
        await using var provider = await FakeSmsProvider.StartAsync(slow, slow, slow);
        await using var services = Services(provider.Url, new()
        {
            ["Sms:Http:AttemptTimeout"] = "00:00:00.300",
            ["Sms:Http:MaxRetryAttempts"] = "1",
        });

        var clock = Stopwatch.StartNew();
        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, "alarm", CancellationToken.None);

        Assert.False(result.IsSent);
        Assert.True(result.RetryMayHelp);
        Assert.Contains("did not answer within 0.3 s", result.FailureReason, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(4));
        Assert.Equal(2, provider.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_503WithRetryAfter_WaitsAsToldBeforeRetrying()
    {
        await using var provider = await FakeSmsProvider.StartAsync(new ProviderReply(503, RetryAfter: "1"), new ProviderReply(200, "{}"));
        await using var services = Services(provider.Url);

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, "alarm", CancellationToken.None);

        Assert.True(result.IsSent, result.ToString());
        var gap = provider.Requests[1].ArrivedAt - provider.Requests[0].ArrivedAt;
        Assert.InRange(gap, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task SendAsync_NobodyListening_FailsRetryably()
    {
        await using var services = Services($"http://127.0.0.1:{FreeTcpPort.Next()}/send", new() { ["Sms:Http:MaxRetryAttempts"] = "0" });

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, "alarm", CancellationToken.None);

        Assert.False(result.IsSent);
        Assert.True(result.RetryMayHelp);
        Assert.Contains("unreachable", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_InvalidNumber_NoRequest()
    {
        await using var provider = await FakeSmsProvider.StartAsync();
        await using var services = Services(provider.Url);

        var result = await services.GetRequiredService<ISmsSender>().SendAsync("+254 700 000 001", "alarm", CancellationToken.None);

        Assert.False(result.RetryMayHelp);
        Assert.Empty(provider.Requests);
    }

    [Fact]
    public async Task SendAsync_LongText_TruncatedToOneSmsBeforePosting()
    {
        await using var provider = await FakeSmsProvider.StartAsync();
        await using var services = Services(provider.Url);

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(Number, new string('x', 200), CancellationToken.None);

        Assert.True(result.Truncated);
        using var json = JsonDocument.Parse(Assert.Single(provider.Requests).Body);
        Assert.Equal(new string('x', 157) + "...", json.RootElement.GetProperty("text").GetString());
    }

    private static ServiceProvider Services(string url, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Sms:Kind"] = "http",
            ["Sms:Http:Url"] = url,
            ["Sms:Http:RetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(all).Build())
            .AddLogging()
            .AddSmsSender()
            .BuildServiceProvider();
    }
}
