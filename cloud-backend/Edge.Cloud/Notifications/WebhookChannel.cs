using System.Net.Http.Headers;
using System.Text;

namespace Edge.Cloud.Notifications;

/// <summary>Webhook: <c>POST</c> the alert payload as JSON to the contact's URL; any 2xx answer is delivered.</summary>
internal sealed class WebhookChannel(IHttpClientFactory httpClients) : INotificationChannel
{
    public const string HttpClientName = "notifications";

    public string Name => "webhook";

    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        using var client = httpClients.CreateClient(HttpClientName);
        using var content = new StringContent(message.Payload, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri(message.Address), content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
