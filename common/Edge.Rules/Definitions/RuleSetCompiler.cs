using System.Globalization;

namespace Edge.Rules.Definitions;

/// <summary>Validates a whole rule set: each rule, then that no two rules of one name can meet on one device.</summary>
internal static class RuleSetCompiler
{
    public const int SupportedVersion = 1;

    public static List<Rule> Compile(RuleSetDocument document, List<RuleError> errors)
    {
        if (document.Version != SupportedVersion)
        {
            errors.Add(new RuleError("version", string.Create(CultureInfo.InvariantCulture,
                $"unsupported rule set version {document.Version}: this engine reads version {SupportedVersion}")));
            return [];
        }

        if (document.Rules is null)
        {
            errors.Add(new RuleError("rules", "missing: a rule set has a list of rules (it may be empty)"));
            return [];
        }

        var rules = new List<Rule>(document.Rules.Count);
        var paths = new List<string>(document.Rules.Count);
        for (var i = 0; i < document.Rules.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"rules[{i}]");
            if (document.Rules[i] is not { } definition)
            {
                errors.Add(new RuleError(path, "a rule is null"));
                continue;
            }

            if (RuleDefinitionCompiler.Compile(definition, path, errors) is { } rule)
            {
                rules.Add(rule);
                paths.Add(path);
            }
        }

        CheckDuplicates(rules, paths, errors);
        return rules;
    }

    /// <summary>Two rules of one name on one device would share one alarm: refused, whatever else differs.</summary>
    private static void CheckDuplicates(List<Rule> rules, List<string> paths, List<RuleError> errors)
    {
        for (var j = 1; j < rules.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                if (rules[i].Name == rules[j].Name && ScopesMeet(rules[i], rules[j]))
                {
                    errors.Add(new RuleError(paths[j],
                        $"same rule \"{rules[j].Name}\" as {paths[i]} on devices both apply to: one device would have two alarms of one name; merge them or limit them to different devices or kinds"));
                    break;
                }
            }
        }
    }

    private static bool ScopesMeet(Rule a, Rule b)
    {
        if (a.DeviceSet.Count > 0 && b.DeviceSet.Count > 0)
        {
            return a.DeviceSet.Overlaps(b.DeviceSet);
        }

        if (a.KindSet.Count > 0 && b.KindSet.Count > 0)
        {
            return a.KindSet.Overlaps(b.KindSet);
        }

        return true;
    }
}
