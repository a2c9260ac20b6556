using Edge.Cloud.Jobs;
using Quartz;

namespace Edge.Cloud.Notifications;

/// <summary>Runs <see cref="OutboxDelivery"/> every <see cref="NotificationOptions.DeliveryInterval"/>, on one instance of the cluster at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class NotificationDeliveryJob(OutboxDelivery delivery, JobRuns runs) : IJob
{
    public static readonly JobKey Key = new("notification-delivery", "notifications");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, Key.Name, async cancellationToken =>
    {
        var (sent, failed) = await delivery.RunAsync(cancellationToken);
        return $"sent {sent}, not delivered {failed}";
    });
}
