using System.Text.Json;

namespace Edge.Gateway.Status;

/// <summary>The retained <c>gateway/{id}/status</c> payloads (CONTRACTS section 1).</summary>
internal static class GatewayStatusMessage
{
    public static byte[] Online(string gatewayId) => JsonSerializer.SerializeToUtf8Bytes(new { gatewayId, online = true });

    public static byte[] Offline(string gatewayId) => JsonSerializer.SerializeToUtf8Bytes(new { gatewayId, online = false });
}
