using Microsoft.Extensions.Options;

namespace Edge.Cloud.Notifications;

/// <summary>SMS through the configured HTTP SMS gateway: <c>POST {Notifications:Sms:Url}</c> with <c>{"to","text"}</c>.</summary>
internal sealed class SmsGatewayChannel(IHttpClientFactory httpClients, IOptions<NotificationOptions> options) : INotificationChannel
{
    public string Name => "sms";

    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value.Sms;
        if (string.IsNullOrWhiteSpace(settings.Url))
        {
            throw new ChannelNotConfiguredException("no SMS gateway configured (Notifications:Sms:Url)");
        }

        using var client = httpClients.CreateClient(WebhookChannel.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Url))
        {
            Content = JsonContent.Create(new SmsRequest(message.Address, NotificationText.Body(message.Payload))),
        };
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.TryAddWithoutValidation(settings.ApiKeyHeader, settings.ApiKey);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private sealed record SmsRequest(string To, string Text);
}
