using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Devices;

/// <summary>One simulated field device: its position in the fleet, its id, and its sensor model.</summary>
internal sealed record SimulatedDevice(int Index, string Id, SensorKind Kind, ISensorModel Model);
