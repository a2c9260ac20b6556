namespace Edge.Cloud.Alerts;

internal sealed partial class CloudRuleEvaluator
{
    [LoggerMessage(EventId = 710, Level = LogLevel.Error, Message = "Cloud rule evaluation failed for a batch; its transitions are not recorded")]
    private partial void LogEvaluationFailed(Exception exception);

    [LoggerMessage(EventId = 711, Level = LogLevel.Error, Message = "Cloud rule queue full: {Count} readings of municipality {TenantId} are not evaluated in the cloud")]
    private partial void LogQueueFull(Guid tenantId, int count);

    [LoggerMessage(EventId = 712, Level = LogLevel.Warning, Message = "Municipality {TenantId}: {Count} rules do not validate and are not evaluated: {RuleIds}")]
    private partial void LogInvalidRules(Guid tenantId, int count, string ruleIds);
}
