using Dapper;
using Edge.Cloud.Tenancy;
using Edge.Cloud.Zones;

namespace Edge.Cloud.Alerts;

/// <summary>
/// <c>GET /api/v1/alerts</c> (CONTRACTS section 5: <c>status</c>, <c>from</c>, <c>to</c>; extended with <c>severity</c>,
/// <c>category</c>, <c>zone</c>, <c>device</c>, <c>limit</c>) and <c>GET /api/v1/alerts/{id}</c> with its history.
/// Every role reads its own municipality's alerts; changes: <see cref="AlertActionsApi"/>.
/// </summary>
internal static class AlertsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;
    private static readonly string[] Statuses = ["open", "acknowledged", "resolved"];
    private static readonly string[] Severities = ["info", "warning", "critical"];
    private static readonly string[] Categories = ["hazard", "maintenance"];

    // The zone filter: alerts about the zone or about a device inside it (as GET /zones counts them).
    private const string SelectList = $"""
        SELECT {AlertQueries.Columns} FROM alerts a
        WHERE (@Status::text IS NULL OR a.status = @Status)
          AND (@Severity::text IS NULL OR a.severity = @Severity)
          AND (@Category::text IS NULL OR a.category = @Category)
          AND (@Device::text IS NULL OR a.device_id = @Device)
          AND (@From::timestamptz IS NULL OR a.raised_at >= @From)
          AND (@To::timestamptz IS NULL OR a.raised_at < @To)
          AND (@Zone::uuid IS NULL OR a.zone_id = @Zone OR a.device_id IN (
                SELECT d.id FROM zones z JOIN devices d ON {ZonesApi.DevicesInside} WHERE z.id = @Zone))
        ORDER BY a.raised_at DESC, a.id
        LIMIT @Limit
        """;

    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts", ListAsync);
        api.MapGet("/alerts/{alertId:guid}", GetAsync);
        api.MapAlertActionsApi();
        return api;
    }

    private static async Task<IResult> ListAsync(
        string? status, string? severity, string? category, Guid? zone, string? device, DateTimeOffset? from, DateTimeOffset? to, int? limit,
        TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "status", status, Statuses);
        Check(errors, "severity", severity, Severities);
        Check(errors, "category", category, Categories);
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"between 1 and {MaxLimit}"];
        }

        if (from is not null && to is not null && from >= to)
        {
            errors["to"] = ["must be after from"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The alert filter is not valid");
        }

        await using var session = await database.BeginAsync(scope, cancellationToken, "list-alerts");
        var alerts = await session.Connection.QueryAsync<AlertView>(new CommandDefinition(SelectList, new
        {
            Status = status,
            Severity = severity,
            Category = category,
            Device = device,
            Zone = zone,
            From = from?.ToUniversalTime(),
            To = to?.ToUniversalTime(),
            Limit = limit ?? DefaultLimit,
        }, session.Transaction, cancellationToken: cancellationToken));
        return TypedResults.Ok(alerts.ToList());
    }

    private static async Task<IResult> GetAsync(Guid alertId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "get-alert");
        var found = await AlertQueries.ByIdsAsync(session, [alertId], cancellationToken);
        return found is not [var alert]
            ? NoAlert(alertId)
            : TypedResults.Ok(new AlertWithHistory(alert, await AlertQueries.EventsAsync(session, alertId, cancellationToken),
                await AlertQueries.NotificationsAsync(session, alertId, cancellationToken)));
    }

    private static void Check(Dictionary<string, string[]> errors, string name, string? value, string[] allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors[name] = [$"one of {string.Join(", ", allowed)}"];
        }
    }

    internal static IResult NoAlert(Guid alertId) => TypedResults.Problem($"no alert {alertId}", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>An alert with every step of its history and every notification about it, oldest first.</summary>
internal sealed record AlertWithHistory(AlertView Alert, IReadOnlyList<AlertEventView> Events, IReadOnlyList<AlertNotificationView> Notifications);
