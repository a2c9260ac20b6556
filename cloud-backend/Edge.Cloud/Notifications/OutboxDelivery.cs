using Dapper;
using Edge.Cloud.Tenancy;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Notifications;

/// <summary>
/// Sends what the outbox holds: the due pending messages (locked, so that instances share the work), each through its
/// channel within <see cref="NotificationOptions.SendTimeout"/>. Delivered: <c>sent</c> and a <c>notified</c> event on the
/// alert. Not delivered: tried again after a doubling pause, and <c>failed</c> with the last error after
/// <see cref="NotificationOptions.MaxAttempts"/>. At least once: a crash between sending and committing sends again.
/// </summary>
internal sealed partial class OutboxDelivery(
    TenantDatabase database,
    IEnumerable<INotificationChannel> channels,
    IOptions<NotificationOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxDelivery> logger)
{
    private const string SelectDue = """
        SELECT id AS Id, alert_id AS AlertId, tier AS Tier, channel AS Channel, address AS Address, payload::text AS Payload, attempts AS Attempts
        FROM notification_outbox
        WHERE status = 'pending' AND next_attempt_at <= @Now
        ORDER BY next_attempt_at, id
        LIMIT @Limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string MarkSent = """
        UPDATE notification_outbox SET status = 'sent', sent_at = @Now, attempts = attempts + 1, last_error = NULL WHERE id = @Id;
        INSERT INTO alert_events (alert_id, tenant_id, event, actor, details, at)
        SELECT alert_id, tenant_id, 'notified', 'system',
               jsonb_build_object('channel', channel, 'address', address, 'tier', tier, 'message', id), @Now
        FROM notification_outbox WHERE id = @Id
        """;

    private const string MarkFailed = """
        UPDATE notification_outbox
        SET attempts = attempts + 1, last_error = @Error,
            status = CASE WHEN attempts + 1 >= @MaxAttempts THEN 'failed' ELSE 'pending' END,
            next_attempt_at = CASE WHEN attempts + 1 >= @MaxAttempts THEN next_attempt_at ELSE @Retry END
        WHERE id = @Id
        RETURNING status
        """;

    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Sends the due messages; returns how many were delivered and how many failed this time.</summary>
    public async Task<(int Sent, int Failed)> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (sent, failed) = (0, 0);
        await using var session = await database.BeginForSystemAsync(cancellationToken);
        var due = await session.Connection.QueryAsync<NotificationMessage>(new CommandDefinition(SelectDue,
            new { Now = timeProvider.GetUtcNow(), Limit = settings.DeliveryBatchSize }, session.Transaction, cancellationToken: cancellationToken));
        foreach (var message in due)
        {
            var attempts = message.Attempts;
            var error = await TrySendAsync(message, settings.SendTimeout, cancellationToken);
            var now = timeProvider.GetUtcNow();
            if (error is null)
            {
                await session.Connection.ExecuteAsync(new CommandDefinition(MarkSent, new { message.Id, Now = now }, session.Transaction, cancellationToken: cancellationToken));
                sent++;
                continue;
            }

            failed++;
            var status = await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition(MarkFailed, new
            {
                message.Id,
                Error = error,
                settings.MaxAttempts,
                Retry = now + Backoff(attempts + 1, settings),
            }, session.Transaction, cancellationToken: cancellationToken));
            LogNotDelivered(message.Id, message.Channel, message.AlertId, attempts + 1, status!, error);
        }

        await session.CommitAsync(cancellationToken);
        return (sent, failed);
    }

    /// <summary>The pause after the n-th failed attempt: the base delay doubled n-1 times, at most the maximum.</summary>
    internal static TimeSpan Backoff(int failedAttempts, NotificationOptions settings)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(settings.RetryBaseDelay.Ticks * factor, settings.RetryMaxDelay.Ticks));
    }

    private async Task<string?> TrySendAsync(NotificationMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_channels.TryGetValue(message.Channel, out var channel))
        {
            return $"no channel {message.Channel}";
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await channel.SendAsync(message, deadline.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout}";
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Mail.SmtpException or InvalidOperationException or IOException
            or System.Net.Sockets.SocketException or UriFormatException or FormatException)
        {
            return e.Message;
        }
    }
}
