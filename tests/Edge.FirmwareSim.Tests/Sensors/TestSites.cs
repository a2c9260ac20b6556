using Edge.FirmwareSim.Hydrology;
using Edge.FirmwareSim.Scenarios;

namespace Edge.FirmwareSim.Tests.Sensors;

/// <summary>Sites for model tests.</summary>
internal static class TestSites
{
    public static SiteConditions Calm(int seed) => new(BuiltinScenarios.Calm, seed, 0);

    public static SiteConditions Of(string builtinScenario, int seed = 1) => new(BuiltinScenarios.Load(builtinScenario), seed, 0);
}
