using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Notifications;

/// <summary>E-mail through the configured SMTP server (System.Net.Mail).</summary>
internal sealed class EmailChannel(IOptions<NotificationOptions> options) : INotificationChannel
{
    public string Name => "email";

    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            throw new ChannelNotConfiguredException("no SMTP server configured (Notifications:Smtp:Host)");
        }

        using var smtp = new SmtpClient(settings.Host, settings.Port)
        {
            EnableSsl = settings.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)options.Value.SendTimeout.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(settings.Username))
        {
            smtp.Credentials = new NetworkCredential(settings.Username, settings.Password);
        }

        using var mail = new MailMessage(settings.From, message.Address, NotificationText.Subject(message.Payload), NotificationText.Body(message.Payload));
        await smtp.SendMailAsync(mail, cancellationToken);
    }
}
