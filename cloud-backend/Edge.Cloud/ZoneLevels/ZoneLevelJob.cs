using Edge.Cloud.Jobs;
using Quartz;

namespace Edge.Cloud.ZoneLevels;

/// <summary>Runs <see cref="ZoneLevelRun"/> every <see cref="ZoneLevelOptions.Interval"/>, on one instance of the cluster.</summary>
[DisallowConcurrentExecution]
internal sealed class ZoneLevelJob(ZoneLevelRun run, JobRuns runs) : IJob
{
    public static readonly JobKey Key = new("zone-warning-levels", "alerts");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, Key.Name, async cancellationToken =>
        $"{await run.RunAsync(cancellationToken)} zones changed level");
}
