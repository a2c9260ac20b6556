using Edge.Cloud.Database;
using Edge.Cloud.Notifications;
using Edge.Cloud.Storage;
using Edge.Cloud.ZoneLevels;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl.AdoJobStore;

namespace Edge.Cloud.Jobs;

/// <summary>
/// Quartz.NET with its ADO job store in PostgreSQL (schema <c>quartz</c>, sql/0007), clustered: every backend instance
/// schedules the same jobs and each firing runs on exactly one instance. Starts after the migrations (they run before
/// the host starts) and stops with the host, letting a running job finish.
/// </summary>
internal sealed partial class ClusteredScheduler(
    IServiceProvider services,
    IOptions<StorageOptions> storageOptions,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<NotificationOptions> notificationOptions,
    IOptions<ZoneLevelOptions> zoneLevelOptions,
    ILoggerFactory loggerFactory,
    ILogger<ClusteredScheduler> logger) : IHostedService
{
    public const string Name = "edge-cloud";
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = storageOptions.Value;
        if (!settings.SchedulerEnabled)
        {
            LogDisabled();
            return;
        }

        var database = databaseOptions.Value;
        Quartz.Logging.LogContext.SetCurrentLogProvider(loggerFactory);
        var scheduler = await SchedulerBuilder.Create("AUTO", Name)
            .UseDefaultThreadPool(2)
            .UsePersistentStore(store =>
            {
                store.UseProperties = true;
                store.PerformSchemaValidation = true;
                store.UseClustering(cluster => cluster.CheckinInterval = settings.ClusterCheckinInterval);
                store.UseGenericDatabase("Npgsql", ado =>
                {
                    ado.ConnectionString = string.IsNullOrEmpty(database.MigrationConnectionString) ? database.ConnectionString : database.MigrationConnectionString;
                    ado.TablePrefix = "quartz.qrtz_";
                    ado.UseDriverDelegate<PostgreSQLDelegate>();
                });
                store.UseSerializer<JobDataSerializer>();
            })
            .BuildScheduler();
        scheduler.JobFactory = new ServiceProviderJobFactory(services);
        await ScheduleAsync(scheduler, PartitionJob.Key, typeof(PartitionJob),
            TriggerBuilder.Create().WithIdentity("readings-partitions-every", "storage").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(settings.PartitionJobInterval).RepeatForever().WithMisfireHandlingInstructionFireNow()).Build(),
            cancellationToken);
        await ScheduleAsync(scheduler, RetentionJob.Key, typeof(RetentionJob),
            TriggerBuilder.Create().WithIdentity("readings-retention-daily", "storage")
                .WithCronSchedule(settings.RetentionSchedule, cron => cron.InTimeZone(TimeZoneInfo.Utc).WithMisfireHandlingInstructionFireAndProceed()).Build(),
            cancellationToken);
        var notifications = notificationOptions.Value;
        await ScheduleAsync(scheduler, EscalationJob.Key, typeof(EscalationJob),
            TriggerBuilder.Create().WithIdentity("alert-escalation-every", "notifications").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(notifications.EscalationInterval).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()).Build(),
            cancellationToken);
        await ScheduleAsync(scheduler, NotificationDeliveryJob.Key, typeof(NotificationDeliveryJob),
            TriggerBuilder.Create().WithIdentity("notification-delivery-every", "notifications").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(notifications.DeliveryInterval).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()).Build(),
            cancellationToken);
        await ScheduleAsync(scheduler, ZoneLevelJob.Key, typeof(ZoneLevelJob),
            TriggerBuilder.Create().WithIdentity("zone-warning-levels-every", "alerts").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(zoneLevelOptions.Value.Interval).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()).Build(),
            cancellationToken);
        await scheduler.Start(cancellationToken);
        _scheduler = scheduler;
        LogStarted(scheduler.SchedulerInstanceId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }

    /// <summary>
    /// Adds the job and its trigger unless the cluster has them with the same schedule already; a changed schedule
    /// (configuration) replaces the trigger. Instances starting together race harmlessly: the loser's add is refused.
    /// </summary>
    private async Task ScheduleAsync(IScheduler scheduler, JobKey key, Type jobType, ITrigger trigger, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create(jobType).WithIdentity(key).StoreDurably().Build();
        var existing = await scheduler.GetTrigger(trigger.Key, cancellationToken);
        if (existing is not null && SameSchedule(existing, trigger))
        {
            return;
        }

        try
        {
            await scheduler.ScheduleJob(job, [trigger], replace: true, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            LogScheduledElsewhere(key.Name);
        }
    }

    private static bool SameSchedule(ITrigger existing, ITrigger wanted) => (existing, wanted) switch
    {
        (ISimpleTrigger a, ISimpleTrigger b) => a.RepeatInterval == b.RepeatInterval,
        (ICronTrigger a, ICronTrigger b) => a.CronExpressionString == b.CronExpressionString,
        _ => false,
    };
}
