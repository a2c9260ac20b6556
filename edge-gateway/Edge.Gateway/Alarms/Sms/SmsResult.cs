namespace Edge.Gateway.Alarms.Sms;

/// <summary>The outcome of one send: sent with the carrier's or provider's message reference, or failed with a reason.</summary>
internal sealed record SmsResult
{
    private SmsResult(bool isSent, string? messageReference, string? failureReason, bool retryMayHelp, bool truncated)
    {
        IsSent = isSent;
        MessageReference = messageReference;
        FailureReason = failureReason;
        RetryMayHelp = retryMayHelp;
        Truncated = truncated;
    }

    public bool IsSent { get; }

    /// <summary>The modem's <c>+CMGS</c> message reference, or the HTTP provider's message id.</summary>
    public string? MessageReference { get; }

    public string? FailureReason { get; }

    /// <summary>For a failure: true when the same send may succeed later (network, timeout, 5xx); false when it cannot (bad number, 4xx, SIM locked).</summary>
    public bool RetryMayHelp { get; }

    /// <summary>For a success: the text was cut to fit one SMS (and ends with <see cref="SmsText.TruncationMarker"/>).</summary>
    public bool Truncated { get; }

    public static SmsResult Sent(string messageReference, bool truncated) => new(true, messageReference, null, false, truncated);

    public static SmsResult Failed(string reason, bool retryMayHelp) => new(false, null, reason, retryMayHelp, false);

    public override string ToString() => IsSent
        ? $"sent ({MessageReference}{(Truncated ? ", truncated" : string.Empty)})"
        : $"failed ({FailureReason}; retry may help: {RetryMayHelp})";
}
