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

    /// <summary>
    /// An alert that is new or changed (<see cref="LiveAlert.Change"/>), and after connecting, every alert not yet
    /// resolved (change <c>current</c>), so that a reconnecting control room has the current state, not a gap.
    /// </summary>
    Task alert(LiveAlert alert);

    /// <summary>
    /// A zone's warning level changed (an extension of the contract: the map colours zones by it); after connecting,
    /// every zone whose level is not normal, with cause <c>current</c>.
    /// </summary>
    Task zoneLevel(LiveZoneLevel level);
}
#pragma warning restore IDE1006

/// <summary>A reading as the live map gets it.</summary>
public sealed record LiveReading(string DeviceId, string ReadingId, DateTimeOffset Ts, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// An alert as the live feed sends it: what happened (<c>raised</c>, <c>updated</c>, <c>cleared</c>, <c>acknowledged</c>,
/// <c>resolved</c>, <c>commented</c>, <c>assigned</c>, <c>escalated</c>, or <c>current</c> on connecting) and the alert as stored.
/// </summary>
public sealed record LiveAlert(string Change, Edge.Cloud.Alerts.AlertView Alert);

/// <summary>A zone's warning level in force, the one before, why it changed (<c>derived</c>, <c>override</c>, <c>override-ended</c>, <c>current</c>) and when.</summary>
public sealed record LiveZoneLevel(Guid ZoneId, string Level, string PreviousLevel, string Cause, DateTimeOffset At);
