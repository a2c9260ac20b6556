namespace Edge.FirmwareSim.Scenarios;

/// <summary>The scenarios shipped with the simulator: scenario files embedded as resources (Scenarios/Builtin/*.json).</summary>
internal static class BuiltinScenarios
{
    public static readonly IReadOnlyList<string> Names = ["calm", "storm", "river-flood", "slope-failure", "sensor-faults"];

    /// <summary>The default, also what a model created on its own lives in.</summary>
    public static ScenarioDefinition Calm { get; } = Load("calm");

    public static bool IsBuiltin(string name) => Names.Contains(name, StringComparer.Ordinal);

    public static string Json(string name)
    {
        using var stream = typeof(BuiltinScenarios).Assembly.GetManifestResourceStream($"scenario:{name}.json")
            ?? throw new InvalidOperationException($"built-in scenario {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static ScenarioDefinition Load(string name) =>
        ScenarioParser.Parse(Json(name), name) is { Scenario: { } scenario } ? scenario : throw new InvalidOperationException($"built-in scenario {name} is invalid");
}
