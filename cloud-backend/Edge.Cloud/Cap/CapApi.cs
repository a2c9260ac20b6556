using System.Xml.Linq;
using Dapper;
using Edge.Cloud.Alerts;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Cap;

/// <summary>
/// Hazard warnings as CAP 1.2: <c>GET /api/v1/cap/{alertId}</c> (one alert; maintenance alerts are not public warnings:
/// 404) and <c>GET /api/v1/municipalities/{id}/cap/feed</c> (Atom, the municipality's hazard alerts of the last
/// <see cref="FeedDays"/> days, newest first, at most 200, each entry linking its CAP document). The area is the zones covering the
/// alert's sensor (or the alert's own zone), their outer rings from PostGIS; a sensor in no zone gets a 1 km circle.
/// </summary>
internal static class CapApi
{
    public const int FeedDays = 7;
    private const double SensorCircleKm = 1.0;

    // One CAP polygon per outer ring: "lat,lon" pairs, first point repeated last (as PostGIS rings are).
    private const string SelectArea = """
        SELECT z.name AS Name,
               (SELECT string_agg(round(ST_Y(p.geom)::numeric, 6)::text || ',' || round(ST_X(p.geom)::numeric, 6)::text, ' ' ORDER BY p.path[1])
                FROM ST_DumpPoints(ST_ExteriorRing(part.geom)) AS p) AS Polygon
        FROM alerts a
        LEFT JOIN devices d ON d.id = a.device_id
        JOIN zones z ON z.tenant_id = a.tenant_id AND (z.id = a.zone_id OR (d.location IS NOT NULL AND ST_Covers(z.area, d.location)))
        CROSS JOIN LATERAL ST_Dump(z.area::geometry) AS part
        WHERE a.id = @AlertId
        ORDER BY z.name, z.id, part.path
        """;

    private const string SelectSensor = """
        SELECT d.name AS Name, ST_Y(d.location::geometry) AS Latitude, ST_X(d.location::geometry) AS Longitude, t.slug AS Slug
        FROM alerts a JOIN tenants t ON t.id = a.tenant_id LEFT JOIN devices d ON d.id = a.device_id
        WHERE a.id = @AlertId
        """;

    private const string SelectFeed = $"""
        SELECT {AlertQueries.Columns} FROM alerts a
        WHERE a.tenant_id = @Municipality AND a.category = 'hazard' AND a.updated_at >= @Since
        ORDER BY a.updated_at DESC, a.id LIMIT 200
        """;

    private const string SelectMunicipality = "SELECT slug AS Slug, name AS Name FROM tenants WHERE id = @Municipality";

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static RouteGroupBuilder MapCapApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cap/{alertId:guid}", GetAsync);
        api.MapGet("/municipalities/{municipality:guid}/cap/feed", FeedAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(Guid alertId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "cap-alert");
        if (await AlertQueries.ByIdsAsync(session, [alertId], cancellationToken) is not [var alert])
        {
            return AlertsApi.NoAlert(alertId);
        }

        if (alert.Category != "hazard")
        {
            return TypedResults.Problem($"alert {alertId} is a maintenance alert, not a public warning", statusCode: StatusCodes.Status404NotFound);
        }

        var sensor = await session.Connection.QuerySingleAsync<(string? Name, double? Latitude, double? Longitude, string Slug)>(
            new CommandDefinition(SelectSensor, new { AlertId = alertId }, session.Transaction, cancellationToken: cancellationToken));
        var zones = (await session.Connection.QueryAsync<(string Name, string Polygon)>(
            new CommandDefinition(SelectArea, new { AlertId = alertId }, session.Transaction, cancellationToken: cancellationToken))).ToList();
        var area = zones.Count > 0
            ? new CapArea(string.Join(", ", zones.Select(z => z.Name).Distinct()), [.. zones.Select(z => z.Polygon)], null)
            : new CapArea($"Within {SensorCircleKm:0.#} km of sensor {sensor.Name ?? alert.DeviceId}", [],
                sensor.Latitude is { } lat && sensor.Longitude is { } lon
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lat:0.######},{lon:0.######} {SensorCircleKm:0.0}") : null);
        var document = CapDocument.Create(alert, area, Sender(sensor.Slug), sensor.Name);
        return TypedResults.Text(document.Declaration + Environment.NewLine + document.ToString(SaveOptions.DisableFormatting), CapDocument.ContentType);
    }

    private static async Task<IResult> FeedAsync(Guid municipality, HttpRequest request, TenantScope scope, TenantDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "cap-feed");
        var tenant = await session.Connection.QuerySingleOrDefaultAsync<(string Slug, string Name)?>(
            new CommandDefinition(SelectMunicipality, new { Municipality = municipality }, session.Transaction, cancellationToken: cancellationToken));
        if (tenant is not { } town)
        {
            return TypedResults.Problem($"no municipality {municipality}", statusCode: StatusCodes.Status404NotFound);
        }

        var now = time.GetUtcNow();
        var alerts = await session.Connection.QueryAsync<AlertView>(new CommandDefinition(SelectFeed,
            new { Municipality = municipality, Since = now.AddDays(-FeedDays) }, session.Transaction, cancellationToken: cancellationToken));
        var baseUrl = $"{request.Scheme}://{request.Host}";
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "id", $"urn:edge:cap-feed:{municipality}"),
            new XElement(Atom + "title", $"{town.Name}: hazard warnings (CAP 1.2)"),
            new XElement(Atom + "updated", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
            new XElement(Atom + "author", new XElement(Atom + "name", Sender(town.Slug))),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", $"{baseUrl}/api/v1/municipalities/{municipality}/cap/feed")));
        foreach (var alert in alerts)
        {
            var (_, @event) = CapMapping.Event(alert.Metric);
            feed.Add(new XElement(Atom + "entry",
                new XElement(Atom + "id", $"urn:edge:alert:{alert.Id}"),
                new XElement(Atom + "title", $"{@event}: {alert.Severity} at {alert.DeviceId}"),
                new XElement(Atom + "updated", DateTime.SpecifyKind(alert.UpdatedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
                new XElement(Atom + "summary", $"{alert.Rule}: {alert.Value} ({alert.Status}{(alert.ClearedAt is null ? string.Empty : ", condition ended")})"),
                new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", CapDocument.ContentType),
                    new XAttribute("href", $"{baseUrl}/api/v1/cap/{alert.Id}"))));
        }

        return TypedResults.Text(new XDocument(new XDeclaration("1.0", "UTF-8", null), feed).ToString(SaveOptions.DisableFormatting), "application/atom+xml");
    }

    /// <summary>CAP's sender: no spaces, commas or reserved characters; one per municipality.</summary>
    private static string Sender(string slug) => $"edge-cloud@{slug}";
}
