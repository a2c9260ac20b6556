using Edge.Cloud.Alerts;
using Edge.Cloud.Auth;
using Edge.Cloud.Credentials;
using Edge.Cloud.Database;
using Edge.Cloud.Health;
using Edge.Cloud.Ingest;
using Edge.Cloud.RateLimiting;
using Edge.Cloud.Ingest.Kafka;
using Edge.Cloud.Jobs;
using Edge.Cloud.Notifications;
using Edge.Cloud.Realtime;
using Edge.Cloud.Storage;
using Edge.Cloud.Tenancy;
using Edge.Cloud.Web;
using Edge.Cloud.ZoneLevels;
using Edge.Observability;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Edge.Cloud.Extensions;

/// <summary>Composition of the cloud backend's services.</summary>
internal static class CloudServiceExtensions
{
    public static WebApplicationBuilder AddCloudServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddRequestDecompression();

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KafkaIngestOptions>().BindConfiguration(KafkaIngestOptions.Section).ValidateDataAnnotations()
            .Validate(kafka => !kafka.Enabled || !string.IsNullOrWhiteSpace(kafka.BootstrapServers), "Ingest:Kafka:BootstrapServers is required when Ingest:Kafka:Enabled")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ZoneLevelOptions>().BindConfiguration(ZoneLevelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DevelopmentSeedOptions>().BindConfiguration(DevelopmentSeedOptions.Section);

        services.AddSingleton(provider => new NpgsqlDataSourceBuilder(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString)
            .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
            .Build());
        services.AddSingleton<DatabaseAdministration>();
        services.AddSingleton<TenantDatabase>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<DevelopmentSeeder>();

        services.AddSingleton<GatewayAuthenticator>();
        services.AddSingleton<DeviceKeyAuthenticator>();
        services.AddSingleton<DynamicSecurityClient>();
        services.AddSingleton<DeviceBrokerAccess>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<KafkaBatchWriter>();
        services.AddHostedService<KafkaIngestConsumer>();
        services.AddSingleton<AccessTokenIssuer>();

        services.AddSingleton<JobRuns>();
        services.AddHttpClient(WebhookChannel.HttpClientName);
        services.AddSingleton<INotificationChannel, WebhookChannel>();
        services.AddSingleton<INotificationChannel, SmsGatewayChannel>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<EscalationRun>();
        services.AddSingleton<ZoneLevelRun>();
        services.AddHostedService<ClusteredScheduler>();

        services.AddControlRoomPages();
        services.AddSignalR();
        services.AddSingleton<LiveReadingFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<LiveReadingFeed>());
        services.AddSingleton<AlertEngine>();
        services.AddSingleton<LiveAlertFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<LiveAlertFeed>());
        services.AddSingleton<CloudRuleEvaluator>();
        services.AddHostedService(provider => provider.GetRequiredService<CloudRuleEvaluator>());

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddSingleton(_ => new PrometheusMetricsCollector(MetricsEndpoint.DefaultMeterPrefixes));
        services.AddAuthorizationBuilder().AddEdgePolicies();
        services.AddRequestRateLimiting();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = AccessTokenIssuer.ValidationParameters(auth.Value);
                jwt.Events = new JwtBearerEvents { OnMessageReceived = ReadHubTokenFromQuery };
            });
        return builder;
    }

    /// <summary>Browsers cannot set headers on WebSockets: the hub's token comes as <c>access_token</c> in the query.</summary>
    private static Task ReadHubTokenFromQuery(MessageReceivedContext context)
    {
        if (context.HttpContext.Request.Path.StartsWithSegments(ControlRoomHub.Path)
            && context.Request.Query["access_token"] is { Count: > 0 } token)
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }
}
