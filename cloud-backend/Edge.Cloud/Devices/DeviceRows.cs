using Dapper;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Devices;

/// <summary>
/// The device writes that creating, importing, replacing and retiring share. Every statement runs in the caller's
/// tenant-confined transaction: a gateway or device of another municipality is simply not there.
/// </summary>
internal static class DeviceRows
{
    private const string Point = "CASE WHEN @Longitude::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography END";

    private const string Insert = $"""
        INSERT INTO devices (id, tenant_id, gateway_id, kind, name, location, location_source, status, registered_by, installed_on, replaces_device_id,
                             dev_eui, profile_id, sms_numbers, report_interval_s)
        VALUES (@Id, @TenantId, @GatewayId, COALESCE(@Kind, 'unknown'), COALESCE(@Name, @Id), {Point}, 'surveyed', 'active', 'provisioning', @InstalledOn::date, @Replaces,
                @DevEui, @ProfileId::uuid, COALESCE(@SmsNumbers::text[], ARRAY[]::text[]), @ReportIntervalS::integer)
        ON CONFLICT DO NOTHING
        """;

    private const string SelectPlacement = $"""
        SELECT (@GatewayId::text IS NULL OR EXISTS (SELECT 1 FROM gateways WHERE id = @GatewayId)) AS GatewayKnown,
               (@Longitude::float8 IS NULL OR NOT EXISTS (
                    SELECT 1 FROM tenants WHERE id = @TenantId AND boundary IS NOT NULL AND NOT ST_Covers(boundary, {Point}))) AS InsideBoundary,
               (@ProfileId::uuid IS NULL OR EXISTS (SELECT 1 FROM device_profiles WHERE id = @ProfileId::uuid)) AS ProfileKnown
        """;

    private const string Retire = """
        UPDATE devices SET status = 'retired', retired_at = now(), updated_at = now() WHERE id = @Id AND status <> 'retired';
        UPDATE device_credentials SET mqtt_password_sha256 = NULL, api_key_sha256 = NULL WHERE device_id = @Id;
        """;

    private const string SelectStatus = "SELECT status FROM devices WHERE id = @Id";

    /// <summary>Problems with where the draft puts the device: its gateway and its position in the municipality.</summary>
    public static async Task<Dictionary<string, string[]>> CheckPlacementAsync(TenantTransaction session, Guid tenantId, DeviceDraft draft, CancellationToken cancellationToken)
    {
        var placement = await session.Connection.QuerySingleAsync<(bool GatewayKnown, bool InsideBoundary, bool ProfileKnown)>(new CommandDefinition(SelectPlacement, new
        {
            TenantId = tenantId,
            draft.GatewayId,
            draft.Longitude,
            draft.Latitude,
            draft.ProfileId,
        }, session.Transaction, cancellationToken: cancellationToken));
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!placement.GatewayKnown)
        {
            errors["gatewayId"] = [$"no gateway {draft.GatewayId} in this municipality"];
        }

        if (!placement.InsideBoundary)
        {
            errors["location"] = ["outside the municipality's boundary"];
        }

        if (!placement.ProfileKnown)
        {
            errors["profileId"] = [$"no profile {draft.ProfileId} in this municipality or among the built-in ones"];
        }

        return errors;
    }

    /// <summary>Why an insert found its device taken: the id, or (for a LoRaWAN device) the id or the DevEUI, here or in another municipality.</summary>
    public static (string Field, string Reason) Taken(DeviceDraft draft) => draft.DevEui is null
        ? ("id", $"the id {draft.Id} is already taken by a device")
        : ("id", $"the id {draft.Id} or the devEui {draft.DevEui} is already taken by a device");

    /// <summary>Inserts the device; false when the id (or its DevEUI) is taken (here or in another municipality).</summary>
    public static async Task<bool> InsertAsync(TenantTransaction session, Guid tenantId, DeviceDraft draft, string? replaces, CancellationToken cancellationToken) =>
        await session.Connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            draft.Id,
            TenantId = tenantId,
            draft.GatewayId,
            draft.Kind,
            draft.Name,
            draft.Longitude,
            draft.Latitude,
            InstalledOn = draft.InstalledOn?.ToDateTime(TimeOnly.MinValue),
            Replaces = replaces,
            draft.DevEui,
            draft.ProfileId,
            SmsNumbers = draft.SmsNumbers?.ToArray(),
            draft.ReportIntervalS,
        }, session.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>The device's status, or null when this municipality has no such device.</summary>
    public static Task<string?> StatusAsync(TenantTransaction session, string id, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectStatus, new { Id = id }, session.Transaction, cancellationToken: cancellationToken));

    /// <summary>Marks the device retired (the row and its history stay) and voids its stored credentials.</summary>
    public static Task RetireAsync(TenantTransaction session, string id, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(new CommandDefinition(Retire, new { Id = id }, session.Transaction, cancellationToken: cancellationToken));
}
