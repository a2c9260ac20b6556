using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Edge.Telemetry;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Edge.Gateway.Uplink;

/// <summary>
/// <c>POST /api/v1/ingest</c> (CONTRACTS section 4), gzip-compressed. Polly retries brief transient faults within
/// one send; a longer outage is not its business: the send fails, and the uplink loop backs off with the journal as the buffer.
/// The body is written straight into the gzip stream (<see cref="IngestBodyWriter"/>) over one buffer kept across sends
/// (the uplink pump sends one batch at a time).
/// </summary>
internal sealed class HttpUplink : IUplink, IDisposable
{
    private readonly HttpClient _http;
    private readonly UplinkOptions _options;
    private readonly string _gatewayId;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly MemoryStream _body = new();

    public HttpUplink(HttpClient http, IOptions<UplinkOptions> options, IOptions<GatewayOptions> gateway, TimeProvider timeProvider)
    {
        _http = http;
        _options = options.Value;
        _gatewayId = gateway.Value.Id;
        _http.BaseAddress = new Uri(_options.CloudUrl);
        _http.Timeout = Timeout.InfiniteTimeSpan; // per attempt, by the pipeline
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddTimeout(_options.RequestTimeout)
            .Build();
    }

    public async Task<UplinkResult> SendAsync(UplinkBatch batch, CancellationToken cancellationToken)
    {
        var body = Serialize(batch);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token => await _http.SendAsync(CreateRequest(body), HttpCompletionOption.ResponseContentRead, token),
                cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new UplinkException($"cloud unreachable: {e.Message}", e);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new UplinkException($"cloud answered {(int)response.StatusCode}: {detail}");
            }

            var result = await response.Content.ReadFromJsonAsync(TelemetryJson.Default.IngestResponse, cancellationToken)
                ?? throw new UplinkException("cloud answered 200 with an empty body");
            return UplinkResult.AllTaken(result.Rejected, result.JournalFloor);
        }
    }

    public void Dispose() => _body.Dispose();

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private HttpRequestMessage CreateRequest(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (_options.Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/ingest") { Content = content };
        request.Headers.Add("X-Api-Key", _options.ApiKey);
        return request;
    }

    private ReadOnlyMemory<byte> Serialize(UplinkBatch batch)
    {
        _body.SetLength(0);
        if (_options.Gzip)
        {
            using var gzip = new GZipStream(_body, CompressionLevel.Fastest, leaveOpen: true);
            IngestBodyWriter.Write(gzip, _gatewayId, batch);
        }
        else
        {
            IngestBodyWriter.Write(_body, _gatewayId, batch);
        }

        return _body.GetBuffer().AsMemory(0, (int)_body.Length);
    }
}
