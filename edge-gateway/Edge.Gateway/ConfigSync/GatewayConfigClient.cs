using System.Net;
using System.Net.Http.Headers;
using Edge.Gateway.Uplink;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.ConfigSync;

/// <summary>The cloud's answer to a configuration request: new JSON with its ETag, or "unchanged".</summary>
internal sealed record ConfigFetch(byte[]? Json, string? ETag)
{
    public bool Unchanged => Json is null;
}

/// <summary><c>GET /api/v1/gateways/{id}/config</c> with <c>If-None-Match</c> (CONTRACTS section 4).</summary>
internal sealed class GatewayConfigClient
{
    private readonly HttpClient _http;
    private readonly UplinkOptions _uplink;
    private readonly string _gatewayId;

    public GatewayConfigClient(HttpClient http, IOptions<UplinkOptions> uplink, IOptions<GatewayOptions> gateway)
    {
        _http = http;
        _uplink = uplink.Value;
        _gatewayId = gateway.Value.Id;
        _http.BaseAddress = new Uri(_uplink.CloudUrl);
        _http.Timeout = _uplink.RequestTimeout;
    }

    public async Task<ConfigFetch> FetchAsync(string? etag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/gateways/{Uri.EscapeDataString(_gatewayId)}/config");
        request.Headers.Add("X-Api-Key", _uplink.ApiKey);
        if (!string.IsNullOrEmpty(etag) && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new ConfigFetch(null, etag);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"cloud answered {(int)response.StatusCode} for the configuration", null, response.StatusCode);
        }

        return new ConfigFetch(await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Headers.ETag?.ToString());
    }
}
