namespace Edge.Gateway.Alarms.Sms;

/// <summary>
/// Sends one SMS. Implementations validate the number (E.164) and fit the text into one message
/// (<see cref="SmsMessage"/>), never throw for a failed send (the result says why and whether a retry may help),
/// and throw <see cref="OperationCanceledException"/> only when the caller's token is cancelled.
/// </summary>
internal interface ISmsSender
{
    Task<SmsResult> SendAsync(string phoneNumber, string text, CancellationToken cancellationToken);
}
