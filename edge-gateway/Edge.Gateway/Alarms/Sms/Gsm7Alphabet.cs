using System.Collections.Frozen;

namespace Edge.Gateway.Alarms.Sms;

/// <summary>The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038, section 6.2.1).</summary>
internal static class Gsm7Alphabet
{
    /// <summary>Code 0x1B escapes to the extension table; it stands for no character of its own.</summary>
    public const byte Escape = 0x1B;

    /// <summary>Code 0x1A (Xi) is also Ctrl-Z, which ends the text in AT text mode.</summary>
    public const byte CtrlZ = 0x1A;

    // Index = code. Position 0x1B (escape) holds a character no text can contain here.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\uFFFFÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static readonly FrozenDictionary<char, byte> BasicCodes =
        Basic.Select((c, code) => (c, code)).Where(x => x.c != '\uFFFF').ToFrozenDictionary(x => x.c, x => (byte)x.code);

    private static readonly FrozenDictionary<char, byte> ExtensionCodes = new Dictionary<char, byte>
    {
        ['\f'] = 0x0A, ['^'] = 0x14, ['{'] = 0x28, ['}'] = 0x29, ['\\'] = 0x2F,
        ['['] = 0x3C, ['~'] = 0x3D, [']'] = 0x3E, ['|'] = 0x40, ['€'] = 0x65,
    }.ToFrozenDictionary();

    public static bool IsBasic(char c) => BasicCodes.ContainsKey(c);

    public static bool IsExtension(char c) => ExtensionCodes.ContainsKey(c);

    /// <summary>
    /// Whether <paramref name="c"/> can go through AT text mode with <c>AT+CSCS="GSM"</c>: a basic-table character other
    /// than Xi (0x1A is Ctrl-Z) and CR; extension characters need the escape code 0x1B, which is ESC (cancel) there.
    /// </summary>
    public static bool IsTextModeSafe(char c) => BasicCodes.TryGetValue(c, out var code) && code is not CtrlZ and not 0x0D;

    /// <summary>Septets the character takes in a GSM 7-bit message (2 for the extension table), or 0 when not in the alphabet.</summary>
    public static int Septets(char c) => IsBasic(c) ? 1 : IsExtension(c) ? 2 : 0;

    /// <summary>The basic-table codes of <paramref name="text"/>, one byte per character (as AT text mode wants them).</summary>
    public static byte[] EncodeBasic(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = BasicCodes.TryGetValue(text[i], out var code)
                ? code
                : throw new ArgumentException($"'{text[i]}' is not in the GSM 7-bit basic table", nameof(text));
        }

        return bytes;
    }
}
