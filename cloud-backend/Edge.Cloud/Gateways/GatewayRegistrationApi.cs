using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Tenancy;
using Edge.Telemetry;

namespace Edge.Cloud.Gateways;

/// <summary>
/// <c>POST /api/v1/gateways</c> (admin): registers a village gateway in the caller's municipality and returns its API
/// key once; <c>POST /api/v1/gateways/{id}/key</c> rotates the key (the old one stops working at once). Only the
/// key's SHA-256 is stored.
/// </summary>
internal static class GatewayRegistrationApi
{
    private const string Insert = """
        INSERT INTO gateways (id, tenant_id, name, api_key_sha256, location)
        VALUES (@Id, @TenantId, COALESCE(@Name, @Id), @Hash,
                CASE WHEN @Longitude::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography END)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string Rotate = "UPDATE gateways SET api_key_sha256 = @Hash WHERE id = @Id";

    public static RouteGroupBuilder MapGatewayRegistrationApi(this RouteGroupBuilder api)
    {
        var gateways = api.MapGroup("/gateways").RequireAuthorization(EdgePolicies.MunicipalAdmin);
        gateways.MapPost(string.Empty, RegisterAsync);
        gateways.MapPost("/{gatewayId}/key", RotateKeyAsync);
        return api;
    }

    internal sealed record GatewayRegistration(string? Id, string? Name = null, double? Latitude = null, double? Longitude = null);

    /// <summary>The gateway's key, shown this once: configure it on the gateway as <c>Uplink:ApiKey</c>.</summary>
    internal sealed record GatewayKey(string GatewayId, string ApiKey);

    private static async Task<IResult> RegisterAsync(GatewayRegistration request, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Id is null || !DeviceId.IsValid(request.Id))
        {
            errors["id"] = ["1-64 characters of [A-Za-z0-9._-]"];
        }

        if (request.Latitude.HasValue != request.Longitude.HasValue
            || request.Latitude is { } latitude && !(latitude is >= -90 and <= 90)
            || request.Longitude is { } longitude && !(longitude is >= -180 and <= 180))
        {
            errors["location"] = ["latitude (-90 to 90) and longitude (-180 to 180) together, or neither"];
        }

        if (request.Name is { Length: 0 or > 200 })
        {
            errors["name"] = ["1-200 characters"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The gateway cannot be registered as described");
        }

        var key = ApiKeys.Generate();
        await using var session = await database.BeginAsync(scope, cancellationToken);
        var inserted = await session.Connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            request.Id,
            scope.TenantId,
            request.Name,
            Hash = ApiKeys.Hash(key),
            request.Longitude,
            request.Latitude,
        }, session.Transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return TypedResults.Problem($"the id {request.Id} is already taken by a gateway", statusCode: StatusCodes.Status409Conflict, title: "Gateway id taken");
        }

        await AuditLog.WriteAsync(session, scope, "gateway.register", request.Id!, request, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/gateways/{Uri.EscapeDataString(request.Id!)}", new GatewayKey(request.Id!, key));
    }

    private static async Task<IResult> RotateKeyAsync(string gatewayId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        var key = ApiKeys.Generate();
        await using var session = await database.BeginAsync(scope, cancellationToken);
        var rotated = await session.Connection.ExecuteAsync(new CommandDefinition(Rotate, new { Id = gatewayId, Hash = ApiKeys.Hash(key) }, session.Transaction, cancellationToken: cancellationToken));
        if (rotated == 0)
        {
            return TypedResults.Problem($"no gateway {gatewayId}", statusCode: StatusCodes.Status404NotFound);
        }

        await AuditLog.WriteAsync(session, scope, "gateway.rotate-key", gatewayId, new { }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new GatewayKey(gatewayId, key));
    }
}
