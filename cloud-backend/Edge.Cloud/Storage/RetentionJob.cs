using Edge.Cloud.Database;
using Edge.Cloud.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace Edge.Cloud.Storage;

/// <summary>Drops the weeks of readings older than <see cref="StorageOptions.RetentionDays"/>, whole partitions at a time.</summary>
[DisallowConcurrentExecution]
internal sealed partial class RetentionJob(
    DatabaseAdministration administration, IOptions<StorageOptions> options, TimeProvider timeProvider, JobRuns runs, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("readings-retention", "storage");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, Key.Name, async cancellationToken =>
    {
        if (ReadingPartitions.RetentionCutoff(timeProvider.GetUtcNow(), options.Value.RetentionDays) is not { } cutoff)
        {
            return "retention off";
        }

        var dropped = await ReadingPartitions.DropOlderThanAsync(administration.DataSource, cutoff, cancellationToken);
        var names = string.Join(", ", dropped);
        if (dropped.Count > 0)
        {
            LogDropped(dropped.Count, names, cutoff);
        }

        return dropped.Count == 0 ? "nothing older than " + cutoff.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "dropped " + names;
    });
}
