using Edge.Cloud.Jobs;
using Quartz;

namespace Edge.Cloud.Notifications;

/// <summary>Runs <see cref="EscalationRun"/> every <see cref="NotificationOptions.EscalationInterval"/>, on one instance of the cluster.</summary>
[DisallowConcurrentExecution]
internal sealed class EscalationJob(EscalationRun escalation, JobRuns runs) : IJob
{
    public static readonly JobKey Key = new("alert-escalation", "notifications");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, Key.Name, async cancellationToken =>
        $"escalated {await escalation.RunAsync(cancellationToken)} alerts");
}
