namespace Edge.FirmwareSim.Gsm;

/// <summary>What the gateway answered to one GSM reading.</summary>
internal enum GsmAnswer
{
    /// <summary>Stored (HTTP 200, <c>OK &lt;seq&gt;</c>).</summary>
    Stored,

    /// <summary>Refused for good (HTTP 4xx, <c>ERR &lt;reason&gt;</c>): sending it again would not help.</summary>
    Refused,
}

/// <summary>Hands one reading's text to the gateway; throws when the gateway cannot be reached (the device retries later).</summary>
internal interface IGsmDelivery : IAsyncDisposable
{
    Task<GsmAnswer> DeliverAsync(string text, CancellationToken cancellationToken);

    /// <summary>Forgets a broken connection, so that the next delivery opens a new one.</summary>
    ValueTask ResetAsync();
}
