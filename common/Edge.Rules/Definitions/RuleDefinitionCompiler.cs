using System.Collections.Frozen;
using System.Globalization;
using Edge.Telemetry;

namespace Edge.Rules.Definitions;

/// <summary>Validates one rule definition and builds the <see cref="Rule"/>; every problem is added to the error list.</summary>
internal static class RuleDefinitionCompiler
{
    public static Rule? Compile(RuleDefinition d, string path, List<RuleError> errors)
    {
        var before = errors.Count;
        var kind = DefinitionChecks.Kind(d.Kind, path, errors);
        var (devices, kinds) = ScopeValidator.Validate(d, path, errors);
        if (kind is null)
        {
            return null;
        }

        return kind == RuleKind.Silence
            ? CompileSilence(d, path, errors, before, devices, kinds)
            : CompileMeasured(kind.Value, d, path, errors, before, devices, kinds);
    }

    private static Rule? CompileMeasured(RuleKind kind, RuleDefinition d, string path, List<RuleError> errors, int before,
        FrozenSet<string> devices, FrozenSet<string> kinds)
    {
        var kindName = RuleVocabulary.KindName(kind);
        var aRule = kind == RuleKind.Accumulation ? "an accumulation rule" : $"a {kindName} rule";
        var metric = d.Metric;
        if (string.IsNullOrEmpty(metric))
        {
            errors.Add(new RuleError($"{path}.metric", $"missing: {aRule} names the metric it evaluates"));
        }
        else if (!CanonicalMetrics.TryGet(metric, out _))
        {
            errors.Add(new RuleError($"{path}.metric",
                $"unknown metric \"{metric}\": rules evaluate canonical metrics only ({string.Join(", ", CanonicalMetrics.All.Keys.Order(StringComparer.Ordinal))})"));
        }

        var below = DefinitionChecks.Below(d.Direction, path, errors);
        if (d.Magnitude is not null && kind == RuleKind.Accumulation)
        {
            errors.Add(new RuleError($"{path}.magnitude", "only threshold and rate rules take magnitude"));
        }

        var minDuration = DefinitionChecks.Seconds(d.MinDurationS, $"{path}.minDurationS", 0, errors) ?? 0;
        long window = 0, minSpan = 0;
        if (kind == RuleKind.Threshold)
        {
            DefinitionChecks.Forbid(d.WindowS, $"{path}.windowS", "threshold rules take no window (use rate or accumulation)", errors);
        }
        else if (DefinitionChecks.Seconds(d.WindowS, $"{path}.windowS", 1, errors) is { } w)
        {
            window = w;
        }
        else if (d.WindowS is null)
        {
            errors.Add(new RuleError($"{path}.windowS", $"missing: {aRule} needs a window in seconds"));
        }

        if (kind == RuleKind.Rate)
        {
            minSpan = DefinitionChecks.Seconds(d.MinSpanS, $"{path}.minSpanS", 1, errors) ?? Math.Max(1, window / 2);
            if (window > 0 && minSpan > window)
            {
                errors.Add(new RuleError($"{path}.minSpanS",
                    string.Create(CultureInfo.InvariantCulture, $"{minSpan} s is longer than the window ({window} s): no rate could ever be computed")));
            }
        }
        else
        {
            DefinitionChecks.Forbid(d.MinSpanS, $"{path}.minSpanS", "only rate rules take minSpanS", errors);
        }

        DefinitionChecks.Forbid(d.ReportIntervalS, $"{path}.reportIntervalS", "only silence rules take reportIntervalS", errors);
        DefinitionChecks.Forbid(d.Intervals, $"{path}.intervals", "only silence rules take intervals", errors);
        DefinitionChecks.Forbid(d.Severity, $"{path}.severity", $"{aRule} gives each level its severity (levels[i].severity)", errors);
        var levels = LevelsValidator.Validate(d.Levels, below, path, errors);
        if (errors.Count > before || levels is null || metric is null)
        {
            return null;
        }

        var magnitude = d.Magnitude ?? false;
        return new Rule
        {
            Name = RuleNames.Format(kind, metric, below, magnitude, levels[0].Raise, window, minDuration, 0, 0),
            Kind = kind,
            Metric = metric,
            Below = below,
            Magnitude = magnitude,
            Levels = levels,
            MinDuration = TimeSpan.FromSeconds(minDuration),
            Window = TimeSpan.FromSeconds(window),
            MinSpan = TimeSpan.FromSeconds(minSpan),
            Devices = [.. devices.Order(StringComparer.Ordinal)],
            DeviceKinds = [.. kinds.Order(StringComparer.Ordinal)],
            DeviceSet = devices,
            KindSet = kinds,
            Category = AlarmCategories.ForMetric(metric),
            Definition = d,
        };
    }

    private static Rule? CompileSilence(RuleDefinition d, string path, List<RuleError> errors, int before,
        FrozenSet<string> devices, FrozenSet<string> kinds)
    {
        DefinitionChecks.Forbid(d.Metric, $"{path}.metric", "a silence rule watches the whole device, not a metric", errors);
        DefinitionChecks.Forbid(d.Levels, $"{path}.levels", "a silence rule has one severity (severity), not levels", errors);
        DefinitionChecks.Forbid(d.Direction, $"{path}.direction", "a silence rule has no direction", errors);
        DefinitionChecks.Forbid(d.Magnitude, $"{path}.magnitude", "only threshold and rate rules take magnitude", errors);
        DefinitionChecks.Forbid(d.MinDurationS, $"{path}.minDurationS", "a silence rule's duration is reportIntervalS x intervals", errors);
        DefinitionChecks.Forbid(d.WindowS, $"{path}.windowS", "a silence rule takes no window", errors);
        DefinitionChecks.Forbid(d.MinSpanS, $"{path}.minSpanS", "only rate rules take minSpanS", errors);
        var interval = DefinitionChecks.Seconds(d.ReportIntervalS, $"{path}.reportIntervalS", 1, errors);
        if (d.ReportIntervalS is null)
        {
            errors.Add(new RuleError($"{path}.reportIntervalS", "missing: the device's report interval in seconds"));
        }

        if (d.Intervals is not { } intervals)
        {
            errors.Add(new RuleError($"{path}.intervals", "missing: how many report intervals without a reading make the device silent"));
            intervals = 0;
        }
        else if (intervals is < 1 or > 1000)
        {
            errors.Add(new RuleError($"{path}.intervals", string.Create(CultureInfo.InvariantCulture, $"{intervals} is not between 1 and 1000")));
        }

        if (!AlarmSeverities.TryParse(d.Severity, out var severity))
        {
            errors.Add(new RuleError($"{path}.severity", d.Severity is null ? "missing: info, warning or critical" : $"unknown severity \"{d.Severity}\" (info, warning or critical)"));
        }

        if (errors.Count > before || interval is not { } seconds)
        {
            return null;
        }

        var silentSeconds = (double)seconds * intervals;
        return new Rule
        {
            Name = RuleNames.Format(RuleKind.Silence, Rule.SilenceMetric, false, false, silentSeconds, 0, 0, seconds, intervals),
            Kind = RuleKind.Silence,
            Metric = Rule.SilenceMetric,
            Levels = [new RuleLevel(severity, silentSeconds, silentSeconds)],
            ReportInterval = TimeSpan.FromSeconds(seconds),
            Intervals = intervals,
            Devices = [.. devices.Order(StringComparer.Ordinal)],
            DeviceKinds = [.. kinds.Order(StringComparer.Ordinal)],
            DeviceSet = devices,
            KindSet = kinds,
            Category = AlarmCategory.DeviceHealth,
            Definition = d,
        };
    }
}
