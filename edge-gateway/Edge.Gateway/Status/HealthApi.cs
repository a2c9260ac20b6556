using Edge.Gateway.Journal;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Status;

/// <summary>
/// <c>GET /health</c>: whether the gateway is connected to its broker, how deep its journal is and how old its
/// oldest unforwarded reading, and how the uplink fares. Always 200 while the process serves: a gateway whose cloud is
/// down is working as designed; the fields say what is degraded.
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", (JournalDatabase journal, GatewayState state, IOptions<GatewayOptions> gateway, TimeProvider timeProvider) =>
        {
            var stats = JournalStatistics.Read(journal);
            var now = timeProvider.GetUtcNow();
            var degraded = !state.MqttConnected || state.LastUplinkError is not null;
            return TypedResults.Ok(new
            {
                status = degraded ? "Degraded" : "Healthy",
                gatewayId = gateway.Value.Id,
                mqtt = new { connected = state.MqttConnected },
                journal = new
                {
                    unforwarded = stats.Unforwarded,
                    oldestUnforwardedAgeSeconds = stats.OldestUnforwardedReceivedAt is { } oldest ? (now - oldest).TotalSeconds : 0,
                    forwardedKept = stats.Forwarded,
                    deadLetters = stats.DeadLetters,
                },
                uplink = new { lastSuccess = state.LastUplinkSuccess, lastError = state.LastUplinkError },
            });
        });
        return endpoints;
    }
}
