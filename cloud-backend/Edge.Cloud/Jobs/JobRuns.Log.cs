namespace Edge.Cloud.Jobs;

internal sealed partial class JobRuns
{
    [LoggerMessage(EventId = 650, Level = LogLevel.Error, Message = "Scheduled job {Job} failed; its next firing tries again")]
    private partial void LogFailed(Exception error, string job);

    [LoggerMessage(EventId = 651, Level = LogLevel.Warning, Message = "Scheduled job {Job} ran ({Outcome}) but its run could not be recorded")]
    private partial void LogNotRecorded(Exception error, string job, string outcome);
}
