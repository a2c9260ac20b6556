using Edge.FirmwareSim.Hydrology;
using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Devices;

/// <summary>One simulated field device: its position in the fleet, its id, its sensor model, its site and the faults it will have.</summary>
internal sealed record SimulatedDevice(int Index, string Id, SensorKind Kind, ISensorModel Model, SiteConditions? Site = null, IReadOnlyList<FaultDefinition>? Faults = null);
