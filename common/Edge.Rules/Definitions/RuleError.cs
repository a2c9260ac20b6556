namespace Edge.Rules.Definitions;

/// <summary>One thing wrong with a rule set: where (<c>rules[2].levels[0].clear</c>) and what, in words.</summary>
public sealed record RuleError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown by <see cref="RuleSet.Create"/> for a rule set that does not validate; lists every problem.</summary>
public sealed class RuleSetException : Exception
{
    public RuleSetException()
        : this([])
    {
    }

    public RuleSetException(string message)
        : base(message)
    {
        Errors = [];
    }

    public RuleSetException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public RuleSetException(IReadOnlyList<RuleError> errors)
        : base("invalid rule set: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<RuleError> Errors { get; }
}
