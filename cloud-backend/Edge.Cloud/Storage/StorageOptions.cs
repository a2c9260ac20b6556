using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Storage;

/// <summary>How readings are kept: weekly partitions made ahead, and how long they are kept (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Days of readings kept (by measurement time); older weeks are dropped whole. 0 keeps everything.</summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; } = 730;

    /// <summary>Weekly partitions of readings made ahead of the current week.</summary>
    [Range(1, 52)]
    public int PartitionWeeksAhead { get; set; } = 4;

    /// <summary>How often the partition job runs (it also gives late readings waiting in the default partition their week).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PartitionJobInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Quartz cron expression (UTC) of the retention job.</summary>
    [Required]
    public string RetentionSchedule { get; set; } = "0 30 2 * * ?";

    /// <summary>Run the clustered scheduler in this instance (every instance may: each firing runs on one of them).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often an instance tells the cluster it is alive; another takes over its jobs when it stops.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);
}
