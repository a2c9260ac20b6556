using Edge.Telemetry.Contracts;

namespace Edge.Rules.State;

/// <summary>
/// Rebuilds a <see cref="RuleEngineSnapshot"/> from the alerts an engine produced (a gateway's journal holds them):
/// the fallback when no snapshot file survived. What it cannot know: what people were told (it assumes they were told
/// the last state) and when devices were last heard (pass them, or replay the journal's readings).
/// </summary>
public static class AlertHistory
{
    /// <summary>
    /// <paramref name="alerts"/> must be in the order the engine produced them (journal order), and for each device and
    /// rule must start at or before the raise of its latest episode: e.g. all alerts of the last
    /// <see cref="RuleEngineOptions.MaxLateness"/> plus a day, plus every alert of an alarm still open.
    /// </summary>
    public static RuleEngineSnapshot ToSnapshot(IEnumerable<Alert> alerts, DateTimeOffset takenAt,
        IReadOnlyDictionary<string, DateTimeOffset>? lastHeard = null)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var builders = new Dictionary<(string DeviceId, string Rule), EpisodeBuilder>();
        foreach (var alert in alerts)
        {
            if (!AlarmSeverities.TryParse(alert.Severity, out var severity))
            {
                continue;
            }

            var key = (alert.DeviceId, alert.Rule);
            if (!builders.TryGetValue(key, out var builder))
            {
                builders[key] = builder = new EpisodeBuilder(alert.Metric);
            }

            builder.Add(alert, severity);
        }

        var alarms = builders.Select(pair => new AlarmSnapshot
        {
            DeviceId = pair.Key.DeviceId,
            Rule = pair.Key.Rule,
            Metric = pair.Value.Metric,
            NotifiedSeverity = pair.Value.CurrentSeverity,
            NotifiedAt = takenAt,
            Episodes = pair.Value.Episodes(),
        }).ToArray();
        var devices = (lastHeard ?? new Dictionary<string, DateTimeOffset>())
            .Select(pair => new DeviceSnapshot(pair.Key, pair.Value)).ToArray();
        return new RuleEngineSnapshot { TakenAt = takenAt, Devices = devices, Alarms = alarms };
    }

    /// <summary>
    /// Replays one device and rule's alerts. The engine announces an episode it discovers late (one already over, found
    /// by a late reading) all at once, and always before the open alarm's raise time; so an alert dated before the open
    /// alarm's raise begins such a past episode, and the alerts after it belong to it until its clear.
    /// </summary>
    private sealed class EpisodeBuilder(string metric)
    {
        private readonly List<EpisodeSnapshot> _closed = [];
        private EpisodeSnapshot? _open;
        private EpisodeSnapshot? _past;

        public string Metric { get; } = metric;

        public AlarmSeverity CurrentSeverity => _open?.Severity ?? AlarmSeverity.None;

        public void Add(Alert alert, AlarmSeverity severity)
        {
            var cleared = alert.State == "cleared";
            if (_past is not null)
            {
                _past = Apply(_past, alert, severity, cleared);
                if (_past.Cleared is not null)
                {
                    _closed.Add(_past);
                    _past = null;
                }

                return;
            }

            if (_open is null)
            {
                if (!cleared)
                {
                    _open = New(alert, severity);
                }

                return;
            }

            if (alert.Ts < _open.Raised)
            {
                _past = cleared ? null : New(alert, severity);
                return;
            }

            _open = Apply(_open, alert, severity, cleared);
            if (_open.Cleared is not null)
            {
                _closed.Add(_open);
                _open = null;
            }
        }

        public IReadOnlyList<EpisodeSnapshot> Episodes() =>
            [.. _closed.Concat(_past is null ? [] : [_past with { Cleared = _past.LastChange }]).OrderBy(e => e.Raised), .. _open is null ? [] : new[] { _open }];

        private static EpisodeSnapshot New(Alert alert, AlarmSeverity severity) => new()
        {
            Raised = alert.Ts,
            Severity = severity,
            LastChange = alert.Ts,
            Value = alert.Value,
            Threshold = alert.Threshold,
        };

        private static EpisodeSnapshot Apply(EpisodeSnapshot episode, Alert alert, AlarmSeverity severity, bool cleared) => episode with
        {
            Severity = severity,
            Cleared = cleared ? alert.Ts : null,
            LastChange = alert.Ts > episode.LastChange ? alert.Ts : episode.LastChange,
            Value = alert.Value,
            Threshold = alert.Threshold,
        };
    }
}
