using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Credentials;

/// <summary>
/// A device's account at the broker: username = device id, and a role of its own that may publish only under
/// <c>devices/{id}/</c> and subscribe to and receive only <c>devices/{id}/config</c>. Removing the account disconnects
/// the device at once (the plugin kicks the client) and refuses its next CONNECT.
/// </summary>
internal sealed class DeviceBrokerAccess(DynamicSecurityClient dynamicSecurity, IOptions<BrokerOptions> options)
{
    private static readonly HashSet<string> NotFound = new(StringComparer.Ordinal) { "Client not found", "Role not found" };

    public bool IsConfigured => options.Value.IsConfigured;

    public static string RoleName(string deviceId) => "device-" + deviceId;

    /// <summary>Creates the device's account with this password, replacing any earlier one (and its connection).</summary>
    public Task GrantAsync(string deviceId, string password, CancellationToken cancellationToken) => dynamicSecurity.ExecuteAsync(
        [
            .. Removal(deviceId),
            new JsonObject
            {
                ["command"] = "createRole",
                ["rolename"] = RoleName(deviceId),
                ["textname"] = $"device {deviceId}: its own topics only",
                ["acls"] = new JsonArray(
                    Acl("publishClientSend", $"devices/{deviceId}/#", allow: true, priority: 0),
                    Acl("subscribeLiteral", $"devices/{deviceId}/config", allow: true, priority: 0),
                    Acl("publishClientReceive", $"devices/{deviceId}/config", allow: true, priority: 1),
                    Acl("publishClientReceive", "#", allow: false, priority: 0)),
            },
            new JsonObject
            {
                ["command"] = "createClient",
                ["username"] = deviceId,
                ["password"] = password,
                ["textname"] = $"device {deviceId}",
                ["roles"] = new JsonArray(new JsonObject { ["rolename"] = RoleName(deviceId) }),
            },
        ],
        NotFound.Contains,
        cancellationToken);

    /// <summary>Removes the device's account and role; the device is disconnected and cannot connect again.</summary>
    public Task RevokeAsync(string deviceId, CancellationToken cancellationToken) =>
        dynamicSecurity.ExecuteAsync(Removal(deviceId), NotFound.Contains, cancellationToken);

    private static JsonObject[] Removal(string deviceId) =>
    [
        new JsonObject { ["command"] = "deleteClient", ["username"] = deviceId },
        new JsonObject { ["command"] = "deleteRole", ["rolename"] = RoleName(deviceId) },
    ];

    private static JsonObject Acl(string type, string topic, bool allow, int priority) => new()
    {
        ["acltype"] = type,
        ["topic"] = topic,
        ["allow"] = allow,
        ["priority"] = priority,
    };
}
