namespace Edge.Rules.Definitions;

/// <summary>
/// A rule set as JSON: what the cloud sends a gateway in its configuration and what the gateway caches on disk.
/// Turn it into an evaluable <see cref="RuleSet"/> with <see cref="RuleSet.TryCreate"/>, which says what is wrong with it.
/// </summary>
public sealed record RuleSetDocument
{
    /// <summary>The only version so far is 1; a gateway refuses versions it does not know.</summary>
    public int Version { get; init; } = 1;

    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];
}
