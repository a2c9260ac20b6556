namespace Edge.Cloud.Notifications;

/// <summary>One way of reaching a contact (webhook, e-mail, SMS). <see cref="SendAsync"/> throws when the message was not accepted.</summary>
internal interface INotificationChannel
{
    /// <summary>The contact channel it serves: <c>webhook</c>, <c>email</c> or <c>sms</c>.</summary>
    string Name { get; }

    Task SendAsync(NotificationMessage message, CancellationToken cancellationToken);
}

/// <summary>A message of the outbox: where to, the alert as it was when the message was decided (JSON), attempts so far.</summary>
internal sealed record NotificationMessage(long Id, Guid AlertId, int Tier, string Channel, string Address, string Payload, int Attempts);

/// <summary>The channel cannot send at all (not configured); the message fails with this reason.</summary>
internal sealed class ChannelNotConfiguredException(string message) : InvalidOperationException(message);
