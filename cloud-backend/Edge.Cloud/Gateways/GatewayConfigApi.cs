using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Ingest;
using Edge.Cloud.Profiles;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Microsoft.Net.Http.Headers;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Gateways;

/// <summary>
/// <c>GET /api/v1/gateways/{gatewayId}/config</c> (gateway API key): the gateway's devices (with their DevEUI, profile,
/// SMS numbers and report interval), the profiles they name (codec and mapping), its municipality's enabled rules and
/// its alarm contacts, with an ETag so that an unchanged configuration costs a 304 over a metered GSM link.
/// </summary>
internal static class GatewayConfigApi
{
    private const string SelectDevices = """
        SELECT d.id AS Id, d.kind AS Kind, d.name AS Name, d.status AS Status,
               ST_Y(d.location::geometry) AS Latitude, ST_X(d.location::geometry) AS Longitude,
               d.sms_numbers AS SmsNumbers, COALESCE(d.report_interval_s, p.report_interval_s) AS ReportIntervalS,
               d.dev_eui AS DevEui, d.profile_id::text AS ProfileId
        FROM devices d LEFT JOIN device_profiles p ON p.id = d.profile_id
        WHERE d.gateway_id = @GatewayId AND d.status <> 'retired' ORDER BY d.id
        """;

    // The profiles the gateway's devices name, in the format of docs/codecs.md (the gateway loads them as they are).
    private const string SelectProfiles = $"""
        SELECT ({ProfileRows.CodecJson})::text FROM device_profiles p
        WHERE p.id IN (SELECT profile_id FROM devices WHERE gateway_id = @GatewayId AND status <> 'retired') ORDER BY p.id
        """;

    private const string SelectRules = "SELECT definition::text FROM rules WHERE tenant_id = @TenantId AND enabled ORDER BY created_at, id";

    private const string SelectContacts = """
        SELECT name AS Name, phone AS Phone, min_severity AS MinSeverity
        FROM alarm_contacts WHERE tenant_id = @TenantId AND (gateway_id IS NULL OR gateway_id = @GatewayId) ORDER BY name, phone
        """;

    public static RouteGroupBuilder MapGatewayConfigApi(this RouteGroupBuilder api)
    {
        api.MapGet("/gateways/{gatewayId}/config", GetAsync).AllowAnonymous();
        return api;
    }

    private static async Task<IResult> GetAsync(
        string gatewayId,
        HttpRequest request,
        HttpResponse response,
        GatewayAuthenticator authenticator,
        TenantDatabase database,
        CancellationToken cancellationToken)
    {
        var gateway = await authenticator.AuthenticateAsync(request.Headers[ApiKeys.HeaderName], cancellationToken);
        if (gateway is null)
        {
            return TypedResults.Problem($"a valid gateway key is required in {ApiKeys.HeaderName}", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (gateway.Id != gatewayId)
        {
            return TypedResults.Problem($"this key belongs to gateway {gateway.Id}, not {gatewayId}", statusCode: StatusCodes.Status403Forbidden);
        }

        await using var session = await database.BeginAsync(TenantScope.Gateway(gateway.TenantId, gateway.Id), cancellationToken);
        var (connection, transaction) = (session.Connection, session.Transaction);
        var parameters = new { GatewayId = gateway.Id, gateway.TenantId };
        var config = new GatewayConfig
        {
            GatewayId = gateway.Id,
            Devices = [.. (await connection.QueryAsync<DeviceRow>(new CommandDefinition(SelectDevices, parameters, transaction, cancellationToken: cancellationToken)))
                .Select(row => new GatewayDevice(row.Id, row.Kind, row.Name, row.Status, row.Latitude, row.Longitude)
                {
                    SmsNumbers = row.SmsNumbers,
                    ReportIntervalS = row.ReportIntervalS,
                    DevEui = row.DevEui,
                    ProfileId = row.ProfileId,
                })],
            Profiles = [.. (await connection.QueryAsync<string>(new CommandDefinition(SelectProfiles, parameters, transaction, cancellationToken: cancellationToken)))
                .Select(ParseElement)],
            Rules = [.. (await connection.QueryAsync<string>(new CommandDefinition(SelectRules, parameters, transaction, cancellationToken: cancellationToken)))
                .Select(ParseElement)],
            AlarmContacts = [.. await connection.QueryAsync<AlarmContact>(new CommandDefinition(SelectContacts, parameters, transaction, cancellationToken: cancellationToken))],
        };

        var body = JsonSerializer.SerializeToUtf8Bytes(config, TelemetryJson.Default.GatewayConfig);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"");
        response.Headers.ETag = etag.ToString();
        if (request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } ifNoneMatch && ifNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(body, "application/json");
    }

    /// <summary>A row of <see cref="SelectDevices"/>, mapped by Dapper by property name.</summary>
    private sealed class DeviceRow
    {
        public string Id { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public double? Latitude { get; init; }

        public double? Longitude { get; init; }

        public string[] SmsNumbers { get; init; } = [];

        public int? ReportIntervalS { get; init; }

        public string? DevEui { get; init; }

        public string? ProfileId { get; init; }
    }

    private static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
