using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Edge.Cloud.Notifications;

/// <summary>A notification contact as an admin sends it; <see cref="Validate"/> names every problem by field.</summary>
internal sealed partial record ContactInput(string? Name, string? Channel, string? Address, int? Tier, bool? Enabled)
{
    public const int MaxTier = 10;

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            errors["name"] = ["1-200 characters"];
        }

        if (Tier is < 1 or > MaxTier)
        {
            errors["tier"] = [$"between 1 and {MaxTier}"];
        }

        var address = Address?.Trim() ?? string.Empty;
        var problem = Channel switch
        {
            "webhook" => Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? null : "an absolute http or https URL",
            "email" => MailAddress.TryCreate(address, out var mail) && mail.Address == address ? null : "an e-mail address",
            "sms" => E164().IsMatch(address) ? null : "an E.164 phone number, e.g. +254700000001",
            _ => null,
        };
        if (Channel is not ("webhook" or "email" or "sms"))
        {
            errors["channel"] = ["one of webhook, email, sms"];
        }
        else if (problem is not null)
        {
            errors["address"] = [problem];
        }

        return errors;
    }
}
