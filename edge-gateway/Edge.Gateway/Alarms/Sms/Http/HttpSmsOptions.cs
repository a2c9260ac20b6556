namespace Edge.Gateway.Alarms.Sms.Http;

/// <summary>A generic HTTP SMS provider (section <c>Sms:Http</c>).</summary>
public sealed class HttpSmsOptions
{
    public const string Json = "application/json";
    public const string Form = "application/x-www-form-urlencoded";

    /// <summary>The provider's send endpoint (absolute http or https URL); the request is a POST.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary><c>application/json</c> (default) or <c>application/x-www-form-urlencoded</c>; decides how placeholder values are escaped.</summary>
    public string ContentType { get; set; } = Json;

    /// <summary>
    /// The request body with placeholders <c>{number}</c>, <c>{text}</c> and <c>{sender}</c>, replaced by JSON-escaped or
    /// URL-encoded values. Both <c>{number}</c> and <c>{text}</c> must appear.
    /// </summary>
    public string BodyTemplate { get; set; } = """{"to":"{number}","text":"{text}"}""";

    /// <summary>Value of <c>{sender}</c>: the sender id or short code the provider knows, if any.</summary>
    public string? SenderId { get; set; }

    /// <summary>Request headers, e.g. <c>Authorization: Bearer ...</c> or <c>apiKey: ...</c>. Never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Dotted path to the message id in a JSON answer, array indices as numbers (e.g. <c>SMSMessageData.Recipients.0.messageId</c>).</summary>
    public string? MessageIdPath { get; set; }

    /// <summary>Limit of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of one send after a network error, a timeout, 408, 429 or 5xx (never after another 4xx).</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First pause between attempts, doubled per retry, with jitter; a <c>Retry-After</c> up to 30 s is honoured instead.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
