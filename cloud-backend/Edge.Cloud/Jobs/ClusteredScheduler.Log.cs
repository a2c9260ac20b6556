namespace Edge.Cloud.Jobs;

internal sealed partial class ClusteredScheduler
{
    [LoggerMessage(EventId = 640, Level = LogLevel.Information, Message = "Clustered scheduler started as instance {Instance}")]
    private partial void LogStarted(string instance);

    [LoggerMessage(EventId = 641, Level = LogLevel.Information, Message = "Scheduler disabled in this instance (Storage:SchedulerEnabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(EventId = 642, Level = LogLevel.Debug, Message = "Job {Job} was scheduled by another instance at the same moment")]
    private partial void LogScheduledElsewhere(string job);
}
