namespace Edge.Gateway.Alarms.Sms;

/// <summary><c>Sms:Kind = none</c>: nothing can be sent; every attempt is logged so that the gap is visible.</summary>
internal sealed partial class UnconfiguredSmsSender(ILogger<UnconfiguredSmsSender> logger) : ISmsSender
{
    public const string Reason = "SMS sending is not configured (Sms:Kind is none)";

    public Task<SmsResult> SendAsync(string phoneNumber, string text, CancellationToken cancellationToken)
    {
        LogNotSent(PhoneNumber.IsValid(phoneNumber) ? PhoneNumber.Mask(phoneNumber) : "(invalid number)");
        return Task.FromResult(SmsResult.Failed(Reason, retryMayHelp: false));
    }
}
