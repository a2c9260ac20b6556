namespace Edge.Rules.Definitions;

/// <summary>The JSON spelling of rule kinds.</summary>
internal static class RuleVocabulary
{
    public static string KindName(RuleKind kind) => kind switch
    {
        RuleKind.Threshold => "threshold",
        RuleKind.Rate => "rate",
        RuleKind.Accumulation => "accumulation",
        RuleKind.Silence => "silence",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParseKind(string? text, out RuleKind kind)
    {
        (var known, kind) = text switch
        {
            "threshold" => (true, RuleKind.Threshold),
            "rate" => (true, RuleKind.Rate),
            "accumulation" => (true, RuleKind.Accumulation),
            "silence" => (true, RuleKind.Silence),
            _ => (false, RuleKind.Threshold),
        };
        return known;
    }
}
