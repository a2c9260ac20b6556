using Edge.Cloud.Database;
using Edge.Cloud.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace Edge.Cloud.Storage;

/// <summary>Makes the weekly partitions of readings ahead of time, and gives late readings in the default partition their week.</summary>
[DisallowConcurrentExecution]
internal sealed partial class PartitionJob(
    DatabaseAdministration administration, IOptions<StorageOptions> options, TimeProvider timeProvider, JobRuns runs, ILogger<PartitionJob> logger) : IJob
{
    public static readonly JobKey Key = new("readings-partitions", "storage");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, Key.Name, async cancellationToken =>
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var created = await ReadingPartitions.EnsureAsync(
            administration.DataSource, now, settings.PartitionWeeksAhead, ReadingPartitions.RetentionCutoff(now, settings.RetentionDays), cancellationToken);
        var names = string.Join(", ", created);
        if (created.Count > 0)
        {
            LogCreated(created.Count, names);
        }

        return created.Count == 0 ? "no partition needed" : "created " + names;
    });
}
