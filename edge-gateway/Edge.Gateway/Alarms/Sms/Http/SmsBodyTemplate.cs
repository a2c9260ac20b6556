using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Edge.Gateway.Alarms.Sms.Http;

/// <summary>Fills <c>{number}</c>, <c>{text}</c> and <c>{sender}</c> into a request body template in one pass (a text containing "{number}" stays as it is).</summary>
internal static class SmsBodyTemplate
{
    public const string Number = "{number}";
    public const string Text = "{text}";
    public const string Sender = "{sender}";

    public static string Render(string template, string contentType, string number, string text, string? sender)
    {
        Func<string, string> escape = contentType == HttpSmsOptions.Form ? Uri.EscapeDataString : EscapeJson;
        var body = new StringBuilder(template.Length + text.Length * 2);
        var i = 0;
        while (i < template.Length)
        {
            var value = Match(template, i, Number, number) ?? Match(template, i, Text, text) ?? Match(template, i, Sender, sender ?? string.Empty);
            if (value is null)
            {
                body.Append(template[i]);
                i++;
                continue;
            }

            body.Append(escape(value.Value.Value));
            i += value.Value.Length;
        }

        return body.ToString();
    }

    private static (string Value, int Length)? Match(string template, int index, string placeholder, string value) =>
        string.CompareOrdinal(template, index, placeholder, 0, placeholder.Length) == 0 ? (value, placeholder.Length) : null;

    // The content of a JSON string (the template supplies the quotes); non-HTML-safe characters such as + stay readable.
    private static string EscapeJson(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
