using System.Net;
using System.Net.Http.Json;

namespace Edge.FirmwareSim.Gsm;

/// <summary>
/// An SMS datalogger behind an SMS gateway: each reading is one <c>POST /gsm/sms</c> to the edge gateway with the
/// device's sender number. 200 is stored, another 4xx refused for good, anything else (5xx, no answer) is retried.
/// </summary>
internal sealed class SmsDelivery(HttpClient http, Uri gatewayUrl, string senderNumber, TimeProvider time) : IGsmDelivery
{
    public async Task<GsmAnswer> DeliverAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(gatewayUrl, "/gsm/sms"), new { from = senderNumber, text, receivedAt = time.GetUtcNow() }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return GsmAnswer.Stored;
        }

        return (int)response.StatusCode is >= 400 and < 500 && response.StatusCode != HttpStatusCode.TooManyRequests
            ? GsmAnswer.Refused
            : throw new HttpRequestException($"the gateway answered {(int)response.StatusCode}");
    }

    public ValueTask ResetAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
