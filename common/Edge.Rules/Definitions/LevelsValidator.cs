using System.Globalization;

namespace Edge.Rules.Definitions;

/// <summary>
/// Checks a rule's levels: one to three, one per severity, each with finite raise and clear, the clear level on the
/// side that gives hysteresis, and more severe levels further out. Returns them in increasing severity.
/// </summary>
internal static class LevelsValidator
{
    public static RuleLevel[]? Validate(IReadOnlyList<RuleLevelDefinition>? definitions, bool below, string rulePath, List<RuleError> errors)
    {
        var path = $"{rulePath}.levels";
        if (definitions is null || definitions.Count == 0)
        {
            errors.Add(new RuleError(path, "missing: one to three levels, e.g. [{\"severity\":\"warning\",\"raise\":2.5,\"clear\":2.3}]"));
            return null;
        }

        if (definitions.Count > 3)
        {
            errors.Add(new RuleError(path, "more than three levels: one each for info, warning and critical at most"));
            return null;
        }

        var before = errors.Count;
        var levels = new List<(RuleLevel Level, string Path)>(definitions.Count);
        for (var i = 0; i < definitions.Count; i++)
        {
            var levelPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (Level(definitions[i], below, levelPath, errors) is { } level)
            {
                if (levels.Exists(other => other.Level.Severity == level.Severity))
                {
                    errors.Add(new RuleError($"{levelPath}.severity", $"two levels are {level.Severity.ToContractString()}: one level per severity"));
                }

                levels.Add((level, levelPath));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        levels.Sort((a, b) => a.Level.Severity.CompareTo(b.Level.Severity));
        CheckOrder(levels, below, errors);
        return errors.Count > before ? null : [.. levels.Select(level => level.Level)];
    }

    private static RuleLevel? Level(RuleLevelDefinition? d, bool below, string path, List<RuleError> errors)
    {
        if (d is null)
        {
            errors.Add(new RuleError(path, "a level is null"));
            return null;
        }

        var before = errors.Count;
        if (!AlarmSeverities.TryParse(d.Severity, out var severity))
        {
            errors.Add(new RuleError($"{path}.severity", d.Severity is null ? "missing: info, warning or critical" : $"unknown severity \"{d.Severity}\" (info, warning or critical)"));
        }

        var raise = Number(d.Raise, $"{path}.raise", "the level at which the alarm raises", errors);
        var clear = Number(d.Clear, $"{path}.clear",
            below ? "the level at which the alarm clears, at or above raise" : "the level at which the alarm clears, at or below raise", errors);
        if (errors.Count > before)
        {
            return null;
        }

        if (below ? clear < raise : clear > raise)
        {
            var side = below ? "below" : "above";
            var should = below ? "at or above" : "at or below";
            errors.Add(new RuleError($"{path}.clear",
                $"clear level {RuleNames.Number(clear)} is on the wrong side of raise level {RuleNames.Number(raise)}: a rule {(below ? "below" : "above")} clears {should} its raise level (a clear {side} it would clear the alarm while the condition still holds)"));
            return null;
        }

        return new RuleLevel(severity, raise, clear);
    }

    private static void CheckOrder(List<(RuleLevel Level, string Path)> levels, bool below, List<RuleError> errors)
    {
        for (var i = 1; i < levels.Count; i++)
        {
            var (lower, _) = levels[i - 1];
            var (higher, path) = levels[i];
            var further = below ? higher.Raise < lower.Raise : higher.Raise > lower.Raise;
            if (!further)
            {
                errors.Add(new RuleError($"{path}.raise",
                    $"{higher.Severity.ToContractString()} raises at {RuleNames.Number(higher.Raise)}, which is not {(below ? "below" : "above")} {lower.Severity.ToContractString()}'s {RuleNames.Number(lower.Raise)}: a more severe level must lie further {(below ? "below" : "above")}"));
            }

            var clearsInOrder = below ? higher.Clear <= lower.Clear : higher.Clear >= lower.Clear;
            if (!clearsInOrder)
            {
                errors.Add(new RuleError($"{path}.clear",
                    $"{higher.Severity.ToContractString()} clears at {RuleNames.Number(higher.Clear)}, {(below ? "above" : "below")} {lower.Severity.ToContractString()}'s clear level {RuleNames.Number(lower.Clear)}: clear levels must be ordered like raise levels"));
            }
        }
    }

    private static double Number(double? value, string path, string what, List<RuleError> errors)
    {
        if (value is not { } number)
        {
            errors.Add(new RuleError(path, $"missing: {what}"));
            return double.NaN;
        }

        if (!double.IsFinite(number))
        {
            errors.Add(new RuleError(path, "not a finite number"));
            return double.NaN;
        }

        return number;
    }
}
