using Quartz;
using Quartz.Spi;

namespace Edge.Cloud.Jobs;

/// <summary>Quartz creates each firing's job through the application's services (constructor injection).</summary>
internal sealed class ServiceProviderJobFactory(IServiceProvider services) : IJobFactory
{
    public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler) =>
        (IJob)ActivatorUtilities.CreateInstance(services, bundle.JobDetail.JobType);

    public void ReturnJob(IJob job) => (job as IDisposable)?.Dispose();
}
