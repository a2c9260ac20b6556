using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Uplink;

/// <summary>
/// Carries a batch of readings to the cloud. Returns only when the cloud has taken the batch (with the ids it refused
/// for good, and why); throws <see cref="UplinkException"/> when it could not, so that nothing is marked forwarded.
/// </summary>
internal interface IUplink
{
    Task<IReadOnlyList<IngestRejection>> SendAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken);
}

/// <summary>The cloud did not take the batch; it stays in the journal and is sent again.</summary>
internal sealed class UplinkException(string message, Exception? innerException = null) : Exception(message, innerException);
