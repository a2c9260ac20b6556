using Edge.Gateway.Alarms.Sms.Http;
using Edge.Gateway.Alarms.Sms.Modem;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Alarms.Sms;

/// <summary>Registers the alarm SMS channel chosen by <c>Sms:Kind</c>.</summary>
internal static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates section <c>Sms</c> (at start) and registers <see cref="ISmsSender"/> as a singleton: the GSM
    /// modem, the HTTP provider, or for <c>none</c> a sender that logs and reports "not configured". Needs
    /// <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> in the container (the host adds it) and logging.
    /// </summary>
    public static IServiceCollection AddSmsSender(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>());

        services.AddHttpClient(HttpSmsGatewaySender.ClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // per attempt, by the Polly pipeline
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        services.TryAddSingleton<GsmModemSmsSender>();
        services.TryAddSingleton<HttpSmsGatewaySender>();
        services.TryAddSingleton<UnconfiguredSmsSender>();
        services.TryAddSingleton<ISmsSender>(provider => provider.GetRequiredService<IOptions<SmsOptions>>().Value.Kind switch
        {
            SmsKind.Modem => provider.GetRequiredService<GsmModemSmsSender>(),
            SmsKind.Http => provider.GetRequiredService<HttpSmsGatewaySender>(),
            _ => provider.GetRequiredService<UnconfiguredSmsSender>(),
        });
        return services;
    }
}
