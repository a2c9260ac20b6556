using System.Security.Cryptography;
using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Devices;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Credentials;

/// <summary>
/// <c>POST /api/v1/devices/{id}/credentials</c> (technician, admin): issues or rotates a device's MQTT credentials
/// (username = device id, a random password shown once) and applies them to the broker before anything is committed;
/// <c>POST /api/v1/devices/{id}/api-key</c>: issues or rotates the API key a GPRS device sends its readings with
/// (<c>POST /api/v1/sensor-data</c>), shown once. Only SHA-256 hashes are stored.
/// </summary>
internal static class DeviceCredentialsApi
{
    private const string UpsertPassword = """
        INSERT INTO device_credentials (device_id, tenant_id, mqtt_password_sha256, mqtt_issued_at) VALUES (@DeviceId, @TenantId, @Hash, now())
        ON CONFLICT (device_id) DO UPDATE SET mqtt_password_sha256 = excluded.mqtt_password_sha256, mqtt_issued_at = excluded.mqtt_issued_at
        """;

    private const string UpsertApiKey = """
        INSERT INTO device_credentials (device_id, tenant_id, api_key_sha256, api_key_issued_at) VALUES (@DeviceId, @TenantId, @Hash, now())
        ON CONFLICT (device_id) DO UPDATE SET api_key_sha256 = excluded.api_key_sha256, api_key_issued_at = excluded.api_key_issued_at
        """;

    public static RouteGroupBuilder MapDeviceCredentialsApi(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/devices").RequireAuthorization(EdgePolicies.Provisioning);
        devices.MapPost("/{deviceId}/credentials", IssueMqttCredentialsAsync);
        devices.MapPost("/{deviceId}/api-key", IssueApiKeyAsync);
        return api;
    }

    /// <summary>What a device connects to the broker with; the password is not kept anywhere in clear and is shown only now.</summary>
    internal sealed record MqttCredentials(string DeviceId, string Username, string Password, string PublishTopics, string ConfigTopic);

    internal sealed record DeviceApiKey(string DeviceId, string ApiKey);

    private static async Task<IResult> IssueMqttCredentialsAsync(
        string deviceId, TenantScope scope, TenantDatabase database, DeviceBrokerAccess broker, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken);
        if (await CheckInServiceAsync(session, deviceId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (!broker.IsConfigured)
        {
            return TypedResults.Problem("no broker is configured to receive device credentials (Broker:AdminUsername)",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker not configured");
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        await session.Connection.ExecuteAsync(new CommandDefinition(UpsertPassword,
            new { DeviceId = deviceId, scope.TenantId, Hash = ApiKeys.Hash(password) }, session.Transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(session, scope, "device.credentials", deviceId, new { username = deviceId }, cancellationToken);
        try
        {
            await broker.GrantAsync(deviceId, password, cancellationToken);
        }
        catch (BrokerUnavailableException e)
        {
            return TypedResults.Problem($"no credentials were issued: {e.Message}; try again",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker unavailable");
        }

        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new MqttCredentials(deviceId, deviceId, password, $"devices/{deviceId}/#", $"devices/{deviceId}/config"));
    }

    private static async Task<IResult> IssueApiKeyAsync(string deviceId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken);
        if (await CheckInServiceAsync(session, deviceId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var key = ApiKeys.Generate();
        await session.Connection.ExecuteAsync(new CommandDefinition(UpsertApiKey,
            new { DeviceId = deviceId, scope.TenantId, Hash = ApiKeys.Hash(key) }, session.Transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(session, scope, "device.api-key", deviceId, new { }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new DeviceApiKey(deviceId, key));
    }

    private static async Task<IResult?> CheckInServiceAsync(TenantTransaction session, string deviceId, CancellationToken cancellationToken) =>
        await DeviceRows.StatusAsync(session, deviceId, cancellationToken) switch
        {
            null => DeviceProvisioningApi.NoSuchDevice(deviceId),
            "retired" => DeviceProvisioningApi.Retired(deviceId),
            _ => null,
        };
}
