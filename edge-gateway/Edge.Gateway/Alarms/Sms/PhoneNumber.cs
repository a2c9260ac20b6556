using System.Text.RegularExpressions;

namespace Edge.Gateway.Alarms.Sms;

/// <summary>E.164 numbers as the gateway accepts them: <c>+</c>, a country code not starting with 0, 7 to 15 digits in all, nothing else.</summary>
internal static partial class PhoneNumber
{
    public static bool IsValid(string? number) => number is not null && E164().IsMatch(number);

    /// <summary>The number with its middle digits hidden, for logs: <c>+2547******01</c>.</summary>
    public static string Mask(string number) =>
        number.Length <= 7 ? number : string.Concat(number.AsSpan(0, 5), new string('*', number.Length - 7), number.AsSpan(number.Length - 2));

    [GeneratedRegex("^\\+[1-9][0-9]{6,14}\\z", RegexOptions.CultureInvariant)] // \z, not $: $ also matches before a final newline
    private static partial Regex E164();
}
