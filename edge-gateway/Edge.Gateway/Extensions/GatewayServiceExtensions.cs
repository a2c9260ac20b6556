using Edge.Gateway.Alarms;
using Edge.Gateway.Alarms.Sms;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Decoding;
using Edge.Gateway.Decoding.LoRaWan;
using Edge.Gateway.Downlinks;
using Edge.Gateway.Hosting;
using Edge.Gateway.Journal;
using Edge.Gateway.Sources;
using Edge.Gateway.Sources.Gsm;
using Edge.Gateway.Status;
using Edge.Gateway.Uplink;
using Edge.Gateway.Uplink.Kafka;
using Edge.Observability;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Extensions;

/// <summary>Composition of the gateway: sources -> journal -> uplink, and its status.</summary>
internal static class GatewayServiceExtensions
{
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = false); // a malformed body is a 400 in every environment
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MqttSourceOptions>().BindConfiguration(MqttSourceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UplinkOptions>().BindConfiguration(UplinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConfigSyncOptions>().BindConfiguration(ConfigSyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlarmOptions>().BindConfiguration(AlarmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GsmOptions>().BindConfiguration(GsmOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<GatewayState>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<JournalGauges>();
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<FrameCounters>();
        services.AddSingleton<LoRaWanRoutes>();
        services.AddSingleton<LoRaWanMetrics>();
        services.AddSingleton<InboundDecoder>();
        services.AddSingleton(_ => new PrometheusMetricsCollector(MetricsEndpoint.DefaultMeterPrefixes));
        services.AddSingleton(provider => new InboundQueue(provider.GetRequiredService<IOptions<MqttSourceOptions>>().Value.MaxPendingMessages));
        services.AddKeyedSingleton<JournalSignal>(JournalSignal.Uplink);
        services.AddKeyedSingleton<JournalSignal>(JournalSignal.Sms);
        services.AddSingleton(provider =>
        {
            var journal = provider.GetRequiredService<IOptions<JournalOptions>>().Value;
            return new JournalDatabase(journal.Path ?? Path.Combine(DataDirectory(provider), "journal.db"), journal.Synchronous);
        });
        services.AddSingleton(provider => new JournalSequenceReservation(provider.GetRequiredService<JournalDatabase>().Path + ".seq"));
        services.AddSingleton(provider => JournalOpener.Open(
            provider.GetRequiredService<JournalDatabase>(), provider.GetRequiredService<JournalSequenceReservation>(), provider.GetRequiredService<TimeProvider>()));

        services.AddSingleton<IMqttClientFactory, MqttClientFactory>();
        services.AddHttpClient<HttpUplink>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<KafkaUplink>();
        services.AddSingleton<IUplink>(provider => provider.GetRequiredService<IOptions<UplinkOptions>>().Value.Kind == "kafka"
            ? provider.GetRequiredService<KafkaUplink>()
            : provider.GetRequiredService<HttpUplink>());

        services.AddSingleton<GatewayConfigState>();
        services.AddSingleton(provider => new AlarmEngineHost(
            provider.GetRequiredService<GatewayConfigState>(), provider.GetRequiredService<IOptions<AlarmOptions>>(), provider.GetRequiredService<IOptions<GatewayOptions>>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<AlarmEngineHost>>())
        {
            StatePath = provider.GetRequiredService<IOptions<AlarmOptions>>().Value.StatePath ?? Path.Combine(DataDirectory(provider), "alarms.json"),
        });
        services.AddSingleton<AlertPublisher>();
        services.AddSmsSender();
        services.AddSingleton(provider => new GatewayConfigCache(
            provider.GetRequiredService<IOptions<ConfigSyncOptions>>().Value.CachePath ?? Path.Combine(DataDirectory(provider), "config.json")));
        services.AddHttpClient<GatewayConfigClient>();

        // Start order: the configuration (cached copy) first, the journal writer before the sources that feed it, the uplink last.
        services.AddHostedService<ConfigSyncService>();
        services.AddHostedService<JournalWriter>();
        services.AddHostedService<MqttTelemetrySource>();
        services.AddSingleton<DeviceStatusRegistry>();
        services.AddHostedService<DeviceStatusSource>();
        services.AddSingleton<GsmIntake>();
        services.AddHostedService<GprsListener>();
        services.AddHostedService<UplinkPump>();
        services.AddHostedService<SmsDispatcher>();
        services.AddSingleton<GatewayStatusReporter>();
        services.AddSingleton<LocalBrokerPublisher>();
        services.AddHostedService(provider => provider.GetRequiredService<LocalBrokerPublisher>());
        services.AddHostedService<DeviceConfigPublisher>();
        services.AddHostedService<LoRaWanDownlinkPublisher>();

        // systemd (Type=notify, WatchdogSec): ready once started, watchdog fed while the journal writer is alive.
        services.AddOptions<SystemdWatchdogOptions>().BindConfiguration(SystemdWatchdogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(_ => new SystemdNotifier(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")));
        services.AddHostedService<SystemdWatchdog>();
        return builder;
    }

    private static string DataDirectory(IServiceProvider provider) =>
        Path.Combine(provider.GetRequiredService<IHostEnvironment>().ContentRootPath, provider.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectory);

    /// <summary>Opens the journal (moving an unusable one aside) before anything reads or writes it.</summary>
    public static WebApplication OpenJournal(this WebApplication app)
    {
        var opening = app.Services.GetRequiredService<JournalOpening>();
        if (opening.ReplacedBecause is { } reason)
        {
            JournalLog.Replaced(app.Logger, opening.Path, reason, opening.MovedAsideTo!);
        }

        return app;
    }

    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.MapGatewayHealth();
        app.MapSmsApi();
        app.Services.GetRequiredService<JournalGauges>();
        app.Services.GetRequiredService<DeviceStatusRegistry>();
        app.Services.GetRequiredService<PrometheusMetricsCollector>(); // listen from the start: counters before the first scrape count too
        app.MapGet(MetricsEndpoint.Path, (PrometheusMetricsCollector metrics) => TypedResults.Text(metrics.Scrape(), MetricsEndpoint.ContentType));
        return app;
    }
}
