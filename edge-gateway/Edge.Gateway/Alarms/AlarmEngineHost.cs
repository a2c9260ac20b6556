using System.Text;
using System.Text.Json;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Decoding;
using Edge.Gateway.Journal;
using Edge.Rules;
using Edge.Rules.State;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Alarms;

/// <summary>
/// The gateway's local alarms (common/Edge.Rules): one rule engine, owned by the journal writer loop, fed every reading
/// the journal took, on measurement time. Its decisions (alerts, SMS) are journaled in the same transaction as the
/// readings; its state (open alarms, what people were told) is saved after each commit that changed it, and on start
/// restored and completed by replaying the journal, so a power cut neither repeats an alarm nor loses one.
/// </summary>
internal sealed partial class AlarmEngineHost(
    GatewayConfigState config,
    IOptions<AlarmOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider timeProvider,
    ILogger<AlarmEngineHost> logger)
{
    private readonly AlarmOutput _output = new();
    private readonly List<Alert> _alerts = [];
    private readonly List<SmsDraft> _sms = [];
    private RuleEngine? _engine;
    private int _configVersion = -1;
    private bool _dirty;

    public string StatePath { get; set; } = "alarms.json";

    public RuleSet Rules { get; private set; } = DefaultRules.RuleSet;

    /// <summary>Builds the engine: rules from the configuration (or the defaults), state restored, recent readings replayed.</summary>
    public void Start(JournalDatabase journal)
    {
        var settings = options.Value;
        var snapshot = config.Current;
        Rules = ChooseRules(snapshot.Config);
        _configVersion = snapshot.Version;
        _engine = new RuleEngine(Rules, timeProvider, new RuleEngineOptions(), DeviceKinds(snapshot.Config));
        var now = timeProvider.GetUtcNow();
        _engine.ImportState(LoadState(journal, now), _output);
        Collect();
        var replayed = 0;
        foreach (var (deviceId, ts, receivedAt, values) in JournalReplay.Readings(journal, now - settings.ReplayWindow, settings.MaxReplayReadings))
        {
            _engine.Evaluate(new RuleReading(deviceId, ts, receivedAt, values), _output);
            Collect();
            replayed++;
        }

        LogStarted(Rules.Rules.Count, snapshot.Source, replayed, _alerts.Count);
    }

    /// <summary>Evaluates readings the journal just took (redeliveries excluded); returns what to journal with them.</summary>
    public AlarmDecisions Evaluate(IReadOnlyList<NormalizedReading> readings, bool listening)
    {
        var engine = Prepare(listening);
        foreach (var reading in readings)
        {
            engine.Evaluate(new RuleReading(reading.DeviceId, reading.Ts, reading.ReceivedAt, reading.Values), _output);
            Collect();
        }

        return Decisions();
    }

    /// <summary>The time-driven part: silence, deferred notifications. Returns what to journal.</summary>
    public AlarmDecisions Tick(bool listening)
    {
        var engine = Prepare(listening);
        engine.Tick(_output);
        Collect();
        return Decisions();
    }

    /// <summary>After the decisions were committed: keep the engine's state (atomically) if they changed it.</summary>
    public void Committed()
    {
        _alerts.Clear();
        _sms.Clear();
        if (!_dirty || _engine is null)
        {
            return;
        }

        // Written whole and renamed over the old file (atomic), but not flushed to the disk here: the alerts are durable in
        // the journal already, and an fsync per alarm on the writer's thread held the next reading (and its siren) back
        // by up to a second when the disk was busy (the end-to-end siren test caught it). A power cut can leave this
        // file a step behind, the same window the commit-then-write order always had.
        var temporary = StatePath + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(StatePath))!);
        File.WriteAllBytes(temporary, Encoding.UTF8.GetBytes(_engine.ExportState().ToJson()));
        File.Move(temporary, StatePath, overwrite: true);
        _dirty = false;
    }

    /// <summary>After a commit failed: the engine may have moved ahead of the journal, so rebuild it from what was committed.</summary>
    public void Rollback(JournalDatabase journal)
    {
        _alerts.Clear();
        _sms.Clear();
        Start(journal);
    }

    private RuleEngine Prepare(bool listening)
    {
        var engine = _engine ?? throw new InvalidOperationException("Start the alarm engine first");
        var snapshot = config.Current;
        if (snapshot.Version != _configVersion)
        {
            _configVersion = snapshot.Version;
            var rules = ChooseRules(snapshot.Config);
            Rules = rules;
            engine.Configure(rules, DeviceKinds(snapshot.Config), _output);
            Collect();
        }

        engine.SetListening(listening);
        return engine;
    }

    private AlarmDecisions Decisions() => _alerts.Count == 0 && _sms.Count == 0 ? AlarmDecisions.None : new AlarmDecisions([.. _alerts], [.. _sms]);

    private void Collect()
    {
        if (_output.IsEmpty)
        {
            return;
        }

        var gatewayId = gateway.Value.Id;
        foreach (var transition in _output.Transitions)
        {
            _alerts.Add(transition.ToAlert(string.Empty, gatewayId));
        }

        var contacts = Contacts();
        foreach (var notification in _output.Notifications)
        {
            _sms.AddRange(SmsComposer.Compose(notification, gatewayId, contacts));
        }

        _output.Clear();
        _dirty = true;
    }

    private List<AlarmContact> Contacts() =>
    [
        .. config.Current.Config?.AlarmContacts ?? [],
        .. options.Value.SmsContacts.Select(c => new AlarmContact(c.Name, c.Phone, c.MinSeverity)),
    ];

    private RuleSet ChooseRules(GatewayConfig? configuration)
    {
        if (configuration is null || configuration.Rules.Count == 0)
        {
            return DefaultRules.RuleSet;
        }

        var document = JsonSerializer.SerializeToUtf8Bytes(new { version = 1, rules = configuration.Rules });
        if (RuleSet.TryParse(document, out var rules, out var errors))
        {
            return rules!;
        }

        foreach (var error in errors)
        {
            LogRuleRefused(error.ToString());
        }

        return _engine is null ? DefaultRules.RuleSet : Rules; // keep what runs; at start, the defaults
    }

    private static Dictionary<string, string> DeviceKinds(GatewayConfig? configuration) =>
        (configuration?.Devices ?? []).Where(d => d.Kind != "unknown").ToDictionary(d => d.Id, d => d.Kind, StringComparer.Ordinal);

    private RuleEngineSnapshot LoadState(JournalDatabase journal, DateTimeOffset now)
    {
        try
        {
            if (File.Exists(StatePath))
            {
                return RuleEngineSnapshot.FromJson(File.ReadAllText(StatePath));
            }
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            LogStateUnreadable(e, StatePath);
        }

        // No saved state (first start, or it was lost): rebuild it from the alerts the journal holds.
        return AlertHistory.ToSnapshot(JournalReplay.Alerts(journal, now - TimeSpan.FromHours(48)), now);
    }
}
