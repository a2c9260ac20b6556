using Dapper;
using Edge.Cloud.Database;
using Quartz;

namespace Edge.Cloud.Jobs;

/// <summary>
/// Runs a scheduled job's work and records the run in <c>maintenance.job_runs</c> (which instance, for which firing,
/// what it did or why it failed). A failure is logged and recorded, never thrown at the scheduler: the next firing retries.
/// </summary>
internal sealed partial class JobRuns(DatabaseAdministration administration, TimeProvider timeProvider, ILogger<JobRuns> logger)
{
    private const string Record = """
        INSERT INTO maintenance.job_runs (job, scheduled_fire_time, instance, started_at, finished_at, outcome)
        VALUES (@Job, @ScheduledFireTime, @Instance, @StartedAt, @FinishedAt, @Outcome)
        """;

    public async Task RunAsync(IJobExecutionContext context, string job, Func<CancellationToken, Task<string>> work)
    {
        var startedAt = timeProvider.GetUtcNow();
        string outcome;
        try
        {
            outcome = await work(context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled: the instance is stopping";
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogFailed(error, job);
            outcome = "failed: " + error.Message;
        }

        try
        {
            await using var connection = await administration.DataSource.OpenConnectionAsync(CancellationToken.None);
            await connection.ExecuteAsync(new CommandDefinition(Record, new
            {
                Job = job,
                ScheduledFireTime = context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
                Instance = context.Scheduler.SchedulerInstanceId,
                StartedAt = startedAt,
                FinishedAt = timeProvider.GetUtcNow(),
                Outcome = outcome,
            }, cancellationToken: CancellationToken.None));
        }
        catch (Npgsql.NpgsqlException error)
        {
            LogNotRecorded(error, job, outcome);
        }
    }
}
