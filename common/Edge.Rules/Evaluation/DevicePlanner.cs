namespace Edge.Rules.Evaluation;

/// <summary>
/// Gives a device the tracks of the rules that apply to it, keeping the tracks (readings, alarms) of rules that still
/// apply, starting new ones from a sibling's readings, and closing the alarms of rules that no longer apply.
/// </summary>
internal static class DevicePlanner
{
    public static void Plan(DeviceState device, RuleSet rules, EvaluationContext context)
    {
        var oldSeries = new Dictionary<string, SeriesTrack>(StringComparer.Ordinal);
        foreach (var track in device.Metrics.SelectMany(metric => metric.Tracks))
        {
            oldSeries[track.Rule.Name] = track;
        }

        var oldSilences = device.Silences.ToDictionary(silence => silence.Rule.Name, StringComparer.Ordinal);
        var sources = device.Metrics.Where(metric => metric.Tracks.Length > 0)
            .ToDictionary(metric => metric.Metric, metric => metric.Tracks.MaxBy(track => track.Count)!, StringComparer.Ordinal);
        var groups = new Dictionary<string, List<SeriesTrack>>(StringComparer.Ordinal);
        var silences = new List<SilenceTrack>();
        foreach (var rule in rules.Rules)
        {
            if (!rule.AppliesTo(device.Id, device.Kind))
            {
                continue;
            }

            if (rule.Kind == RuleKind.Silence)
            {
                if (oldSilences.Remove(rule.Name, out var silence))
                {
                    silence.Reconfigure(rule);
                }

                silences.Add(silence ?? new SilenceTrack(device.Id, rule));
                continue;
            }

            if (!oldSeries.Remove(rule.Name, out var track))
            {
                track = new SeriesTrack(device.Id, rule, context.Options);
                if (sources.TryGetValue(rule.Metric, out var source))
                {
                    track.SeedFrom(source, context);
                }
            }
            else
            {
                track.Reconfigure(rule, context.Options, context);
            }

            if (!groups.TryGetValue(rule.Metric, out var group))
            {
                groups[rule.Metric] = group = [];
            }

            group.Add(track);
        }

        foreach (var record in oldSeries.Values.Select(track => track.Alarm).Concat(oldSilences.Values.Select(silence => silence.Alarm)))
        {
            Withdraw(record, context);
        }

        device.Metrics = [.. groups.Select(group => new MetricTracks(group.Key, [.. group.Value]))];
        device.Silences = [.. silences];
    }

    /// <summary>Closes the alarm of a rule that no longer applies, and tells people if they had been told of it.</summary>
    public static void Withdraw(AlarmRecord record, EvaluationContext context)
    {
        if (record.Open is { } open)
        {
            record.Clear(open, Math.Max(context.Now, open.LastChange), open.Value, open.Threshold, AlarmCause.RuleWithdrawn, current: true, context.Output);
        }

        context.Notifications.Withdraw(record, context.Now, context.Output);
    }
}
