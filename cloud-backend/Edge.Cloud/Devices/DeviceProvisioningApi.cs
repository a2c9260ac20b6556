using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Credentials;
using Edge.Cloud.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Edge.Cloud.Devices;

/// <summary>
/// Putting devices into service and out of it (technician, admin): <c>POST /api/v1/devices</c>,
/// <c>PUT /api/v1/devices/{id}</c>, <c>DELETE /api/v1/devices/{id}</c> (retire: the row and its history stay, its
/// broker account goes at once) and <c>POST /api/v1/devices/{id}/replace</c>. Each change is in the audit log, written
/// in the transaction that makes it.
/// </summary>
internal static class DeviceProvisioningApi
{
    private const string Update = """
        UPDATE devices SET
            name = COALESCE(@Name, name),
            kind = COALESCE(@Kind, kind),
            gateway_id = COALESCE(@GatewayId, gateway_id),
            location = CASE WHEN @Longitude::float8 IS NULL THEN location ELSE ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography END,
            location_source = CASE WHEN @Longitude::float8 IS NULL THEN location_source ELSE 'surveyed' END,
            installed_on = COALESCE(@InstalledOn::date, installed_on),
            dev_eui = COALESCE(@DevEui, dev_eui),
            profile_id = COALESCE(@ProfileId::uuid, profile_id),
            sms_numbers = COALESCE(@SmsNumbers::text[], sms_numbers),
            report_interval_s = COALESCE(@ReportIntervalS::integer, report_interval_s),
            updated_at = now()
        WHERE id = @Id AND status <> 'retired'
        """;

    private const string SelectReplaced = """
        SELECT kind AS Kind, gateway_id AS GatewayId, ST_Y(location::geometry) AS Latitude, ST_X(location::geometry) AS Longitude,
               profile_id AS ProfileId, report_interval_s AS ReportIntervalS
        FROM devices WHERE id = @Id
        """;

    private const string CopyLocationSource = "UPDATE devices SET location_source = (SELECT location_source FROM devices WHERE id = @Old) WHERE id = @New";

    // Rules scoped to the old device now name the new one instead (the kind-scoped ones follow the kind anyway).
    private const string MoveRules = """
        UPDATE rules SET definition = jsonb_set(definition, '{devices}', (definition->'devices') - @Old::text || to_jsonb(@New::text)),
                         version = version + 1, updated_at = now()
        WHERE jsonb_typeof(definition->'devices') = 'array' AND definition->'devices' ? @Old::text
        """;

    public static RouteGroupBuilder MapDeviceProvisioningApi(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/devices").RequireAuthorization(EdgePolicies.Provisioning);
        devices.MapPost(string.Empty, CreateAsync);
        devices.MapPut("/{deviceId}", UpdateAsync);
        devices.MapDelete("/{deviceId}", RetireAsync);
        devices.MapPost("/{deviceId}/replace", ReplaceAsync);
        return api;
    }

    /// <summary>The body of a replacement: the new device's id, and what differs from the old one (by default nothing).</summary>
    internal sealed record ReplaceRequest(string? NewId, string? Name = null, string? Kind = null, DateOnly? InstalledOn = null);

    private static async Task<IResult> CreateAsync(DeviceDraft draft, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        draft = draft.Normalized();
        var errors = draft.Check(idRequired: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The device cannot be provisioned as described");
        }

        var tenantId = scope.TenantId!.Value;
        await using var session = await database.BeginAsync(scope, cancellationToken);
        errors = await DeviceRows.CheckPlacementAsync(session, tenantId, draft, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The device cannot be provisioned as described");
        }

        if (!await DeviceRows.InsertAsync(session, tenantId, draft, replaces: null, cancellationToken))
        {
            return Taken(draft);
        }

        await AuditLog.WriteAsync(session, scope, "device.create", draft.Id!, draft, cancellationToken);
        var feature = await DevicesApi.ReadFeatureAsync(session, draft.Id!, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return Created(draft.Id!, feature!);
    }

    private static async Task<IResult> UpdateAsync(string deviceId, DeviceDraft draft, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        draft = draft.Normalized();
        var errors = draft.Check(idRequired: false);
        if (draft.Id is not null && draft.Id != deviceId)
        {
            errors["id"] = ["a device's id cannot change: replace the device instead"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The device cannot be changed as described");
        }

        await using var session = await database.BeginAsync(scope, cancellationToken);
        errors = await DeviceRows.CheckPlacementAsync(session, scope.TenantId!.Value, draft, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The device cannot be changed as described");
        }

        int changed;
        try
        {
            changed = await session.Connection.ExecuteAsync(new CommandDefinition(Update, new
            {
                Id = deviceId,
                draft.Name,
                draft.Kind,
                draft.GatewayId,
                draft.Longitude,
                draft.Latitude,
                InstalledOn = draft.InstalledOn?.ToDateTime(TimeOnly.MinValue),
                draft.DevEui,
                draft.ProfileId,
                SmsNumbers = draft.SmsNumbers?.ToArray(),
                draft.ReportIntervalS,
            }, session.Transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Only the DevEUI can collide (the id does not change); the transaction is spent and rolls back on disposal.
            return TypedResults.Problem($"the devEui {draft.DevEui} is already taken by a device", statusCode: StatusCodes.Status409Conflict, title: "DevEUI taken");
        }

        if (changed == 0)
        {
            return await DeviceRows.StatusAsync(session, deviceId, cancellationToken) is null ? NoSuchDevice(deviceId) : Retired(deviceId);
        }

        await AuditLog.WriteAsync(session, scope, "device.update", deviceId, draft with { Id = deviceId }, cancellationToken);
        var feature = await DevicesApi.ReadFeatureAsync(session, deviceId, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Text(feature!, DevicesApi.GeoJsonContentType);
    }

    private static async Task<IResult> RetireAsync(
        string deviceId, TenantScope scope, TenantDatabase database, DeviceBrokerAccess broker, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken);
        switch (await DeviceRows.StatusAsync(session, deviceId, cancellationToken))
        {
            case null:
                return NoSuchDevice(deviceId);
            case "retired":
                return TypedResults.NoContent();
        }

        await DeviceRows.RetireAsync(session, deviceId, cancellationToken);
        await AuditLog.WriteAsync(session, scope, "device.retire", deviceId, new { }, cancellationToken);
        if (await RevokeAsync(broker, deviceId, cancellationToken) is { } problem)
        {
            return problem;
        }

        await session.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ReplaceAsync(
        string deviceId, ReplaceRequest request, TenantScope scope, TenantDatabase database, DeviceBrokerAccess broker, CancellationToken cancellationToken)
    {
        var draft = new DeviceDraft(request.NewId, request.Name, request.Kind, InstalledOn: request.InstalledOn);
        var errors = draft.Check(idRequired: true);
        if (errors.Remove("id"))
        {
            errors["newId"] = ["1-64 characters of [A-Za-z0-9._-]"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The device cannot be replaced as described");
        }

        await using var session = await database.BeginAsync(scope, cancellationToken);
        switch (await DeviceRows.StatusAsync(session, deviceId, cancellationToken))
        {
            case null:
                return NoSuchDevice(deviceId);
            case "retired":
                return Retired(deviceId);
        }

        // The same model in the same place: its profile and report interval carry over; a DevEUI and SMS numbers belong to the
        // old hardware and its SIM, so the new device is given its own (PUT) when it has them.
        var old = await session.Connection.QuerySingleAsync<(string Kind, string? GatewayId, double? Latitude, double? Longitude, Guid? ProfileId, int? ReportIntervalS)>(
            new CommandDefinition(SelectReplaced, new { Id = deviceId }, session.Transaction, cancellationToken: cancellationToken));
        draft = draft with
        {
            Kind = request.Kind ?? old.Kind, GatewayId = old.GatewayId, Latitude = old.Latitude, Longitude = old.Longitude,
            ProfileId = old.ProfileId, ReportIntervalS = old.ReportIntervalS,
        };
        if (!await DeviceRows.InsertAsync(session, scope.TenantId!.Value, draft, replaces: deviceId, cancellationToken))
        {
            return Taken(draft);
        }

        var parameters = new { Old = deviceId, New = draft.Id };
        await session.Connection.ExecuteAsync(new CommandDefinition(CopyLocationSource, parameters, session.Transaction, cancellationToken: cancellationToken));
        var rulesMoved = await session.Connection.ExecuteAsync(new CommandDefinition(MoveRules, parameters, session.Transaction, cancellationToken: cancellationToken));
        await DeviceRows.RetireAsync(session, deviceId, cancellationToken);
        await AuditLog.WriteAsync(session, scope, "device.replace", deviceId, new { replacedBy = draft.Id, rulesMoved }, cancellationToken);
        await AuditLog.WriteAsync(session, scope, "device.create", draft.Id!, new { replaces = deviceId, draft.Kind, draft.Name, draft.InstalledOn }, cancellationToken);
        if (await RevokeAsync(broker, deviceId, cancellationToken) is { } problem)
        {
            return problem;
        }

        var feature = await DevicesApi.ReadFeatureAsync(session, draft.Id!, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return Created(draft.Id!, feature!);
    }

    /// <summary>Removes the device's broker account before the retirement commits; a problem when the broker cannot.</summary>
    private static async Task<IResult?> RevokeAsync(DeviceBrokerAccess broker, string deviceId, CancellationToken cancellationToken)
    {
        if (!broker.IsConfigured)
        {
            return null;
        }

        try
        {
            await broker.RevokeAsync(deviceId, cancellationToken);
            return null;
        }
        catch (BrokerUnavailableException e)
        {
            return TypedResults.Problem($"the device was not retired: its broker account could not be removed ({e.Message}); try again",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker unavailable");
        }
    }

    private static CreatedAt Created(string deviceId, string feature) =>
        new(Results.Text(feature, DevicesApi.GeoJsonContentType, statusCode: StatusCodes.Status201Created), $"/api/v1/devices/{Uri.EscapeDataString(deviceId)}");

    internal static ProblemHttpResult NoSuchDevice(string deviceId) =>
        TypedResults.Problem($"no device {deviceId}", statusCode: StatusCodes.Status404NotFound);

    internal static ProblemHttpResult Retired(string deviceId) =>
        TypedResults.Problem($"device {deviceId} is retired", statusCode: StatusCodes.Status409Conflict, title: "Device retired");

    private static ProblemHttpResult Taken(DeviceDraft draft) =>
        TypedResults.Problem(DeviceRows.Taken(draft).Reason, statusCode: StatusCodes.Status409Conflict, title: "Device id taken");

    /// <summary>A result with a Location header.</summary>
    private sealed class CreatedAt(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
