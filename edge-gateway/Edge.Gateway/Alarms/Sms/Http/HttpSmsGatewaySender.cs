using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Edge.Gateway.Alarms.Sms.Http;

/// <summary>
/// Sends SMS through an HTTP provider: one POST with the configured body template and headers; 2xx is success.
/// Polly retries brief transient faults of this one send (network error, attempt timeout, 408, 429, 5xx); other 4xx are
/// final. Longer outages are not its business: the send fails with <see cref="SmsResult.RetryMayHelp"/> set.
/// </summary>
internal sealed partial class HttpSmsGatewaySender : ISmsSender
{
    public const string ClientName = "Edge.Gateway.Sms";
    private const int DetailLength = 200;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    private readonly IHttpClientFactory _clients;
    private readonly HttpSmsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpSmsGatewaySender> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public HttpSmsGatewaySender(IHttpClientFactory clients, IOptions<SmsOptions> options, TimeProvider time, ILogger<HttpSmsGatewaySender> logger)
    {
        _clients = clients;
        _options = options.Value.Http;
        _time = time;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                MaxRetryAttempts = _options.MaxRetryAttempts,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    LogRetrying((int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception?.Message, args.AttemptNumber + 2, args.RetryDelay.TotalSeconds); // AttemptNumber is 0-based
                    return default;
                },
            });
        }

        _pipeline = builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    public async Task<SmsResult> SendAsync(string phoneNumber, string text, CancellationToken cancellationToken)
    {
        if (!SmsMessage.TryCreate(phoneNumber, text, extensionTable: true, out var message, out var invalid))
        {
            LogInvalid(invalid);
            return SmsResult.Failed(invalid, retryMayHelp: false);
        }

        var body = SmsBodyTemplate.Render(_options.BodyTemplate, _options.ContentType, message.Number, message.Text, _options.SenderId);
        var result = await PostAsync(body, message.Truncated, cancellationToken);
        if (result.IsSent)
        {
            LogSent(message.MaskedNumber, result.MessageReference!, message.Truncated);
        }
        else
        {
            LogFailed(message.MaskedNumber, result.FailureReason!, result.RetryMayHelp);
        }

        return result;
    }

    private async Task<SmsResult> PostAsync(string body, bool truncated, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(ClientName);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token => await client.SendAsync(CreateRequest(body), HttpCompletionOption.ResponseContentRead, token),
                cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return SmsResult.Failed($"SMS provider unreachable: {e.Message}", retryMayHelp: true);
        }
        catch (TimeoutRejectedException)
        {
            return SmsResult.Failed($"SMS provider did not answer within {_options.AttemptTimeout.TotalSeconds:0.###} s", retryMayHelp: true);
        }

        using (response)
        {
            var content = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return SmsResult.Sent(ResponseMessageId.Find(content, _options.MessageIdPath) ?? $"HTTP {status}", truncated);
            }

            var detail = content.Length > DetailLength ? content[..DetailLength] : content;
            return SmsResult.Failed($"SMS provider answered {status} {response.ReasonPhrase}: {detail}", IsTransient(response.StatusCode));
        }
    }

    private HttpRequestMessage CreateRequest(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _options.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, _options.ContentType),
        };
        foreach (var (name, value) in _options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        return delay is { } wait ? TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, MaxRetryAfter.Ticks)) : null;
    }
}
