using System.Text;

namespace Edge.Gateway.Alarms.Sms;

/// <summary>How a text travels: GSM 7-bit (160 septets per SMS) or UCS-2 (70 UTF-16 units per SMS).</summary>
internal enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>
/// Chooses the encoding of a text and fits it into one SMS. Alarms are meant to fit one message: a longer text is
/// cut and ends with <see cref="TruncationMarker"/> rather than being split (concatenated SMS need a user-data header,
/// which AT text mode cannot send, and the parts of a split alarm may arrive late, out of order or not at all).
/// </summary>
internal static class SmsText
{
    public const int Gsm7Limit = 160;
    public const int Ucs2Limit = 70;
    public const string TruncationMarker = "...";

    /// <summary>Line breaks become LF (a CR inside the text would end a line of AT text entry).</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>GSM 7-bit when every character is in the alphabet (with <paramref name="extensionTable"/>: also the extension table).</summary>
    public static SmsEncoding ChooseEncoding(string text, bool extensionTable) =>
        text.All(c => extensionTable ? Gsm7Alphabet.Septets(c) > 0 : Gsm7Alphabet.IsTextModeSafe(c)) ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;

    /// <summary>Length in the encoding's units: septets for GSM 7-bit, UTF-16 code units for UCS-2.</summary>
    public static int Length(string text, SmsEncoding encoding) =>
        encoding == SmsEncoding.Gsm7 ? text.Sum(Gsm7Alphabet.Septets) : text.Length;

    /// <summary>The text itself when it fits one SMS, else its longest prefix that fits with the marker appended.</summary>
    public static string FitOneMessage(string text, SmsEncoding encoding, out bool truncated)
    {
        var limit = encoding == SmsEncoding.Gsm7 ? Gsm7Limit : Ucs2Limit;
        truncated = Length(text, encoding) > limit;
        if (!truncated)
        {
            return text;
        }

        var budget = limit - TruncationMarker.Length;
        var cut = new StringBuilder(limit);
        for (var i = 0; i < text.Length; i++)
        {
            // A surrogate pair is one character: keep both halves or neither.
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var cost = encoding == SmsEncoding.Gsm7 ? Gsm7Alphabet.Septets(text[i]) : width;
            if (cost > budget)
            {
                break;
            }

            budget -= cost;
            cut.Append(text, i, width);
            i += width - 1;
        }

        return cut.ToString().TrimEnd() + TruncationMarker;
    }
}
