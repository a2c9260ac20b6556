using Edge.Rules.Evaluation;
using Edge.Rules.State;

namespace Edge.Rules;

public sealed partial class RuleEngine
{
    /// <summary>What to keep across a restart (see <see cref="RuleEngineSnapshot"/>). Cheap: alarms and devices only.</summary>
    public RuleEngineSnapshot ExportState()
    {
        var devices = new List<DeviceSnapshot>(_devices.Count);
        var alarms = new List<AlarmSnapshot>();
        foreach (var device in _devices.Values)
        {
            if (device.LastHeard != long.MinValue)
            {
                devices.Add(new DeviceSnapshot(device.Id, Time(device.LastHeard)));
            }

            foreach (var record in device.Records)
            {
                if (!record.IsEmpty)
                {
                    alarms.Add(Snapshot(record));
                }
            }
        }

        return new RuleEngineSnapshot { TakenAt = _time.GetUtcNow(), Devices = devices, Alarms = alarms };
    }

    /// <summary>
    /// Restores what <see cref="ExportState"/> saved (or <see cref="AlertHistory.ToSnapshot"/> rebuilt). Call it once,
    /// right after construction and before the first reading; then replay the journal's recent readings through
    /// <see cref="Evaluate"/> to refill the windows: episodes already announced are not announced again. An open alarm
    /// whose rule no longer exists (or no longer applies to its device) is cleared (<see cref="AlarmCause.RuleWithdrawn"/>);
    /// one whose notification never went out is notified.
    /// </summary>
    public void ImportState(RuleEngineSnapshot snapshot, AlarmOutput output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var context = Begin(output);
        foreach (var heard in snapshot.Devices)
        {
            var device = Device(heard.DeviceId);
            device.LastHeard = Math.Max(device.LastHeard, heard.LastHeard.UtcTicks);
        }

        foreach (var alarm in snapshot.Alarms)
        {
            var device = Device(alarm.DeviceId);
            var episodes = alarm.Episodes.Select(Restore).ToArray();
            var notifiedAt = alarm.NotifiedAt?.UtcTicks ?? 0;
            if (device.Records.FirstOrDefault(record => record.Rule.Name == alarm.Rule) is { } record)
            {
                record.Restore(episodes, alarm.NotifiedSeverity, notifiedAt);
                _notifications.Update(record, context.Now, output);
                continue;
            }

            var orphan = new AlarmRecord(alarm.DeviceId, Orphan(alarm));
            orphan.Restore(episodes, alarm.NotifiedSeverity, notifiedAt);
            DevicePlanner.Withdraw(orphan, context);
        }
    }

    private static AlarmSnapshot Snapshot(AlarmRecord record) => new()
    {
        DeviceId = record.DeviceId,
        Rule = record.Rule.Name,
        Metric = record.Rule.Metric,
        NotifiedSeverity = record.NotifiedSeverity,
        NotifiedAt = record.NotifiedAt == 0 ? null : Time(record.NotifiedAt),
        Episodes = [.. record.Episodes.Select(episode => new EpisodeSnapshot
        {
            Raised = Time(episode.Raised),
            Cleared = episode.IsOpen ? null : Time(episode.Cleared),
            Severity = episode.Severity,
            LastChange = Time(episode.LastChange),
            Value = episode.Value,
            Threshold = episode.Threshold,
        })],
    };

    private static Episode Restore(EpisodeSnapshot episode) => new()
    {
        Raised = episode.Raised.UtcTicks,
        Cleared = episode.Cleared?.UtcTicks ?? Episode.Open,
        Severity = episode.Severity,
        LastChange = Math.Max(episode.LastChange.UtcTicks, episode.Raised.UtcTicks),
        Value = episode.Value,
        Threshold = episode.Threshold,
    };

    /// <summary>A stand-in for a rule that is gone, so that its open alarm can be closed under its own name.</summary>
    private static Rule Orphan(AlarmSnapshot alarm) => new()
    {
        Name = alarm.Rule,
        Kind = RuleKind.Threshold,
        Metric = alarm.Metric,
        Levels = [],
        Category = AlarmCategories.ForMetric(alarm.Metric),
        Definition = new Definitions.RuleDefinition(),
    };

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
