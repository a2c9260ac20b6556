namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// The physics of one simulated sensor. Each call to <see cref="Next"/> is one report: the model advances by its fixed
/// step of model time and returns that report's values in canonical metrics (CONTRACTS section 3). A model's output
/// depends only on its seed and how many times it has been stepped, never on the wall clock. An empty report means the
/// device has gone silent (a scenario's fault): it reports nothing more.
/// </summary>
internal interface ISensorModel
{
    SensorKind Kind { get; }

    IReadOnlyDictionary<string, double> Next();
}
