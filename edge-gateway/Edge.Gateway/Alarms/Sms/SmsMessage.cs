namespace Edge.Gateway.Alarms.Sms;

/// <summary>A validated SMS: an E.164 number and a text that fits one message in its encoding.</summary>
internal sealed record SmsMessage(string Number, string Text, SmsEncoding Encoding, bool Truncated)
{
    /// <summary>The number for logs, middle digits hidden.</summary>
    public string MaskedNumber { get; } = PhoneNumber.Mask(Number);

    /// <summary>
    /// Validates and prepares a message. <paramref name="extensionTable"/> says whether the channel can carry the GSM
    /// extension table (^ { } [ ] ~ \ | €) as 7-bit: an HTTP provider can, AT text mode cannot (such texts go as UCS-2).
    /// </summary>
    public static bool TryCreate(string? number, string? text, bool extensionTable, out SmsMessage message, out string reason)
    {
        message = null!;
        if (!PhoneNumber.IsValid(number))
        {
            reason = $"'{number}' is not an E.164 phone number (e.g. +254700000001)";
            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "the text is empty";
            return false;
        }

        var normalized = SmsText.Normalize(text.Trim());
        var encoding = SmsText.ChooseEncoding(normalized, extensionTable);
        var fitted = SmsText.FitOneMessage(normalized, encoding, out var truncated);
        message = new SmsMessage(number!, fitted, encoding, truncated);
        reason = string.Empty;
        return true;
    }
}
