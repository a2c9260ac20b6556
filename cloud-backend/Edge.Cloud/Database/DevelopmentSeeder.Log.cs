namespace Edge.Cloud.Database;

internal sealed partial class DevelopmentSeeder
{
    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Development seed: municipality {Tenant}, gateway {GatewayId}, admin {AdminEmail}")]
    private partial void LogSeeded(string tenant, string gatewayId, string adminEmail);
}
