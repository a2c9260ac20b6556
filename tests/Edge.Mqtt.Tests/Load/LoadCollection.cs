namespace Edge.Mqtt.Tests.Load;

/// <summary>Load tests run alone: after the parallel collections, one at a time, so that they measure only themselves.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Load";
}
