namespace Edge.Codecs;

/// <summary>What a codec read from a payload: numeric fields by name (nested names dotted), or why it could not.</summary>
public sealed record FieldsOutcome(IReadOnlyDictionary<string, double>? Fields, string? Error, IReadOnlyList<string> Warnings)
{
    public static FieldsOutcome Success(IReadOnlyDictionary<string, double> fields, IReadOnlyList<string>? warnings = null) =>
        new(fields, null, warnings ?? []);

    public static FieldsOutcome Failure(string error) => new(null, error, []);

    public bool Succeeded => Fields is not null;
}
