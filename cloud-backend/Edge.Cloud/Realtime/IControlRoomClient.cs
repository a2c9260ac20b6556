namespace Edge.Cloud.Realtime;

/// <summary>
/// What the control-room hub sends to browsers (CONTRACTS section 6). The method names are the wire event names of the
/// contract, hence lower case.
/// </summary>
#pragma warning disable IDE1006 // Naming: these names are a public wire contract
public interface IControlRoomClient
{
    /// <summary>Latest values of one device: at most one per device per second, every one for a watched device.</summary>
    Task reading(LiveReading reading);
}
#pragma warning restore IDE1006

/// <summary>A reading as the live map gets it.</summary>
public sealed record LiveReading(string DeviceId, string ReadingId, DateTimeOffset Ts, IReadOnlyDictionary<string, double> Values);
