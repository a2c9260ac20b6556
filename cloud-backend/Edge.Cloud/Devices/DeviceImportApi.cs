using System.Globalization;
using System.Text;
using Edge.Cloud.Auth;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Devices;

/// <summary>
/// <c>POST /api/v1/devices/import[?dryRun=true]</c> (technician, admin): provisions devices from CSV (text/csv body,
/// a header row naming the columns <c>id,name,kind,latitude,longitude,gatewayId,installedOn,devEui,profileId,smsNumbers,
/// reportIntervalS</c>; only <c>id</c> is required; <c>smsNumbers</c> separated by spaces or semicolons). Every row is checked as <c>POST /api/v1/devices</c> checks one device; the valid rows are created, the
/// others reported with their reasons. A dry run checks everything, the database included, and creates nothing.
/// </summary>
internal static class DeviceImportApi
{
    public const int MaxRows = 5000;
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    private static readonly string[] Columns = ["id", "name", "kind", "latitude", "longitude", "gatewayid", "installedon", "deveui", "profileid", "smsnumbers", "reportintervals"];

    public static RouteGroupBuilder MapDeviceImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/devices/import", ImportAsync).RequireAuthorization(EdgePolicies.Provisioning).DisableAntiforgery();
        return api;
    }

    internal sealed record RowResult(int Line, string? Id, string Outcome, Dictionary<string, string[]>? Errors = null);

    internal sealed record ImportResult(bool DryRun, int Created, int Failed, IReadOnlyList<RowResult> Rows);

    private static async Task<IResult> ImportAsync(
        HttpRequest request, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken, bool dryRun = false)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem($"at most {MaxBodyBytes} bytes of CSV", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var (records, brokenLine) = CsvRecords.Parse(text);
        if (brokenLine is { } line)
        {
            return TypedResults.Problem($"not CSV: the quoted field starting on line {line} is never closed", statusCode: StatusCodes.Status400BadRequest);
        }

        if (records.Count == 0)
        {
            return TypedResults.Problem("no header row: expected " + string.Join(',', Columns), statusCode: StatusCodes.Status400BadRequest);
        }

        var header = records[0].Fields.Select(name => name.Trim().ToLowerInvariant()).ToArray();
        var unknown = header.Where(name => !Columns.Contains(name)).ToArray();
        if (unknown.Length > 0 || !header.Contains("id") || header.Distinct().Count() != header.Length)
        {
            return TypedResults.Problem($"the header must name distinct columns among {string.Join(',', Columns)}, id included; unknown: {string.Join(',', unknown)}",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (records.Count - 1 > MaxRows)
        {
            return TypedResults.Problem($"{records.Count - 1} rows; at most {MaxRows} per import", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var tenantId = scope.TenantId!.Value;
        var results = new List<RowResult>();
        await using var session = await database.BeginAsync(scope, cancellationToken);
        foreach (var record in records.Skip(1))
        {
            var (draft, errors) = Read(header, record);
            if (errors.Count == 0)
            {
                foreach (var (field, problems) in draft.Check(idRequired: true).Concat(await DeviceRows.CheckPlacementAsync(session, tenantId, draft, cancellationToken)))
                {
                    errors[field] = problems;
                }
            }

            if (errors.Count > 0)
            {
                results.Add(new RowResult(record.Line, draft.Id, "invalid", errors));
            }
            else if (!await DeviceRows.InsertAsync(session, tenantId, draft, replaces: null, cancellationToken))
            {
                var (field, reason) = DeviceRows.Taken(draft);
                results.Add(new RowResult(record.Line, draft.Id, "invalid", new(StringComparer.Ordinal) { [field] = [reason] }));
            }
            else
            {
                await AuditLog.WriteAsync(session, scope, "device.create", draft.Id!, new { source = "import", draft.Name, draft.Kind, draft.GatewayId, draft.Latitude, draft.Longitude, draft.InstalledOn, draft.DevEui, draft.ProfileId, draft.SmsNumbers, draft.ReportIntervalS }, cancellationToken);
                results.Add(new RowResult(record.Line, draft.Id, dryRun ? "valid" : "created"));
            }
        }

        if (!dryRun)
        {
            await session.CommitAsync(cancellationToken); // a dry run's transaction is rolled back on disposal
        }

        var failed = results.Count(r => r.Errors is not null);
        return TypedResults.Ok(new ImportResult(dryRun, results.Count - failed, failed, results));
    }

    /// <summary>A row as a draft, with what could not be read (an empty cell is a value left out).</summary>
    private static (DeviceDraft Draft, Dictionary<string, string[]> Errors) Read(string[] header, CsvRecords.CsvRecord record)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (record.Fields.Count != header.Length)
        {
            errors["row"] = [$"{record.Fields.Count} fields, the header has {header.Length}"];
        }

        string? Cell(string column)
        {
            var index = Array.IndexOf(header, column);
            return index >= 0 && index < record.Fields.Count && record.Fields[index].Trim() is { Length: > 0 } value ? value : null;
        }

        double? Number(string column, string field)
        {
            if (Cell(column) is not { } text)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }

            errors[field] = [$"\"{text}\" is not a number"];
            return null;
        }

        DateOnly? installedOn = null;
        if (Cell("installedon") is { } date)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                installedOn = parsed;
            }
            else
            {
                errors["installedOn"] = [$"\"{date}\" is not a date (yyyy-MM-dd)"];
            }
        }

        Guid? profileId = null;
        if (Cell("profileid") is { } profile)
        {
            if (Guid.TryParse(profile, out var parsed))
            {
                profileId = parsed;
            }
            else
            {
                errors["profileId"] = [$"\"{profile}\" is not a profile id"];
            }
        }

        int? reportInterval = null;
        if (Cell("reportintervals") is { } interval)
        {
            if (int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                reportInterval = seconds;
            }
            else
            {
                errors["reportIntervalS"] = [$"\"{interval}\" is not a whole number of seconds"];
            }
        }

        var smsNumbers = Cell("smsnumbers")?.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        var draft = new DeviceDraft(Cell("id"), Cell("name"), Cell("kind"), Number("latitude", "latitude"), Number("longitude", "longitude"), Cell("gatewayid"), installedOn,
            Cell("deveui"), profileId, smsNumbers, reportInterval);
        return (draft.Normalized(), errors);
    }
}
