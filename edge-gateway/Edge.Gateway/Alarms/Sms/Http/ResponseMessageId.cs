using System.Globalization;
using System.Text.Json;

namespace Edge.Gateway.Alarms.Sms.Http;

/// <summary>Finds the provider's message id in a JSON answer by a dotted path (<c>messages.0.id</c>); null when absent or not JSON.</summary>
internal static class ResponseMessageId
{
    public static string? Find(string body, string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var element = document.RootElement;
            foreach (var step in path.Split('.'))
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(step, out var property))
                {
                    element = property;
                }
                else if (element.ValueKind == JsonValueKind.Array
                    && int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < element.GetArrayLength())
                {
                    element = element[index];
                }
                else
                {
                    return null;
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Number => element.GetRawText(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
