using System.Threading.Channels;
using Edge.Cloud.Realtime;
using Edge.Cloud.Tenancy;
using Edge.Rules;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Alerts;

/// <summary>
/// The cloud's own evaluation of each municipality's current rules (the shared engine of <c>common/Edge.Rules</c>, on
/// measurement time), right after ingest committed the readings; its transitions go through the same
/// <see cref="AlertEngine"/> as the gateways' alerts, so an alarm raised on both sides is one alert. One loop owns
/// every municipality's engine (the engine is single-threaded by design); rules are re-read every
/// <see cref="AlertOptions.RuleRefreshInterval"/>, and the clock's part (silence) runs on the same loop.
/// </summary>
internal sealed partial class CloudRuleEvaluator(
    TenantDatabase database,
    AlertEngine alertEngine,
    LiveAlertFeed liveAlerts,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider,
    ILogger<CloudRuleEvaluator> logger) : BackgroundService
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(15);

    private readonly Channel<(Guid Tenant, IReadOnlyList<Reading> Readings)> _queue = Channel.CreateBounded<(Guid, IReadOnlyList<Reading>)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly Dictionary<Guid, TenantEngine> _engines = [];
    private readonly AlarmOutput _output = new();

    public void Enqueue(Guid tenantId, IReadOnlyList<Reading> readings)
    {
        if (options.Value.CloudRulesEnabled && readings.Count > 0 && !_queue.Writer.TryWrite((tenantId, readings)))
        {
            LogQueueFull(tenantId, readings.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastTick = timeProvider.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    wait.CancelAfter(TickInterval);
                    try
                    {
                        await _queue.Reader.WaitToReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // time for the clock's part
                    }
                }

                while (_queue.Reader.TryRead(out var item))
                {
                    await EvaluateAsync(item.Tenant, item.Readings, stoppingToken);
                }

                if (timeProvider.GetUtcNow() - lastTick >= TickInterval)
                {
                    lastTick = timeProvider.GetUtcNow();
                    foreach (var tenant in _engines.Keys.ToList())
                    {
                        await RunAsync(tenant, engine => engine.Tick(_output), stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogEvaluationFailed(e);
            }
        }
    }

    /// <summary>Evaluates readings of one municipality and records what changed; also what tests call directly.</summary>
    internal Task EvaluateAsync(Guid tenantId, IReadOnlyList<Reading> readings, CancellationToken cancellationToken) =>
        RunAsync(tenantId, engine =>
        {
            foreach (var reading in readings.OrderBy(r => r.Ts))
            {
                engine.Evaluate(new RuleReading(reading.DeviceId, reading.Ts, reading.ReceivedAt, reading.Values), _output);
            }
        }, cancellationToken);

    private async Task RunAsync(Guid tenantId, Action<RuleEngine> evaluate, CancellationToken cancellationToken)
    {
        _output.Clear();
        var tenant = await EngineAsync(tenantId, cancellationToken); // a changed rule set may withdraw alarms into the output
        evaluate(tenant.Engine);
        if (_output.Transitions.Count == 0)
        {
            return;
        }

        var transitions = _output.Transitions.Select(t => new AlertTransition(t.DeviceId, t.Rule, t.Metric, t.Severity.ToContractString(),
            t.Change == AlarmChange.Cleared ? "cleared" : "raised", t.Value, t.Threshold, t.Ts, "cloud", AlertCategories.From(t.Category))
        {
            RuleId = tenant.Rules.Versions.TryGetValue(t.Rule, out var version) ? version.Id : null,
            RuleVersion = tenant.Rules.Versions.TryGetValue(t.Rule, out var v) ? v.Version : null,
        }).ToList();
        _output.Clear();
        IReadOnlyList<AlertChange> changes;
        await using (var session = await database.BeginAsync(new TenantScope(tenantId, "system:cloud-rules", "system"), cancellationToken))
        {
            changes = await alertEngine.ApplyAsync(session.Connection, session.Transaction, transitions, timeProvider.GetUtcNow(), cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        liveAlerts.Publish(tenantId, changes);
    }

    private async Task<TenantEngine> EngineAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_engines.TryGetValue(tenantId, out var current) && now - current.LoadedAt < options.Value.RuleRefreshInterval)
        {
            return current;
        }

        MunicipalityRules rules;
        await using (var session = await database.BeginAsync(new TenantScope(tenantId, "system:cloud-rules", "system"), cancellationToken))
        {
            rules = await MunicipalityRules.LoadAsync(session, cancellationToken);
        }

        if (rules.Invalid.Count > 0)
        {
            LogInvalidRules(tenantId, rules.Invalid.Count, string.Join(", ", rules.Invalid));
        }

        if (current is null)
        {
            current = new TenantEngine(new RuleEngine(rules.Rules, timeProvider, deviceKinds: rules.DeviceKinds), rules, now);
        }
        else
        {
            current.Engine.Configure(rules.Rules, rules.DeviceKinds, _output);
            current = current with { Rules = rules, LoadedAt = now };
        }

        _engines[tenantId] = current;
        return current;
    }

    private sealed record TenantEngine(RuleEngine Engine, MunicipalityRules Rules, DateTimeOffset LoadedAt);
}
