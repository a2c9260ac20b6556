using Edge.Gateway.Alarms.Sms;

namespace Edge.Gateway.Tests.Alarms.Sms;

public sealed class SmsTextTests
{
    [Fact]
    public void Gsm7Alphabet_BasicTable_Has127CharactersAndEscape()
    {
        var basic = Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(Gsm7Alphabet.IsBasic).ToList();
        Assert.Equal(127, basic.Count);
        Assert.Equal([0x00, 0x02, 0x11, 0x40, 0x5F, 0x7F], Gsm7Alphabet.EncodeBasic("@$_¡§à").Select(b => (int)b));
    }

    [Theory]
    [InlineData("CRITICAL rg-001 water_level_m 2.70 >= 2.50 @12:00", false)]
    [InlineData("Hatari: maji yamefika 2.7 m. Ondokeni sasa!", false)]
    [InlineData("Ä Ö Ñ Ü é è £ ¥ Δ Ω", false)]
    [InlineData("Level [2.7] > limit {2.5} 5€", false)]
    [InlineData("ማስጠንቀቂያ ጎርፍ", true)]
    [InlineData("flood ⚠", true)]
    [InlineData("ç is not in the table", true)]
    public void ChooseEncoding_WithExtensionTable_GsmUnlessACharacterIsOutside(string text, bool ucs2) =>
        Assert.Equal(ucs2 ? SmsEncoding.Ucs2 : SmsEncoding.Gsm7, SmsText.ChooseEncoding(text, extensionTable: true));

    [Theory]
    [InlineData("Level [2.7]")]
    [InlineData("5€")]
    [InlineData("ΞΣ")]
    public void ChooseEncoding_TextModeWithoutExtensionTable_Ucs2ForEscapedCharactersAndCtrlZ(string text) =>
        Assert.Equal(SmsEncoding.Ucs2, SmsText.ChooseEncoding(text, extensionTable: false));

    [Fact]
    public void Length_ExtensionCharacters_CountTwoSeptets() => Assert.Equal(6, SmsText.Length("a€[b", SmsEncoding.Gsm7));

    [Fact]
    public void FitOneMessage_Exactly160Septets_Unchanged()
    {
        var text = new string('a', 160);
        Assert.Equal(text, SmsText.FitOneMessage(text, SmsEncoding.Gsm7, out var truncated));
        Assert.False(truncated);
    }

    [Fact]
    public void FitOneMessage_161Septets_CutTo160WithMarker()
    {
        var fitted = SmsText.FitOneMessage(new string('a', 161), SmsEncoding.Gsm7, out var truncated);
        Assert.True(truncated);
        Assert.Equal(160, fitted.Length);
        Assert.EndsWith(SmsText.TruncationMarker, fitted, StringComparison.Ordinal);
    }

    [Fact]
    public void FitOneMessage_ExtensionCharacterAtTheEdge_NotSplitAcrossTheLimit()
    {
        var fitted = SmsText.FitOneMessage(new string('a', 156) + "€€€", SmsEncoding.Gsm7, out var truncated);
        Assert.True(truncated);
        Assert.Equal(new string('a', 156) + "...", fitted);
        Assert.True(SmsText.Length(fitted, SmsEncoding.Gsm7) <= SmsText.Gsm7Limit);
    }

    [Fact]
    public void FitOneMessage_Ucs2WithSurrogatePairs_CutTo70UnitsWithoutHalfAPair()
    {
        var fitted = SmsText.FitOneMessage(string.Concat(Enumerable.Repeat("🌊", 40)), SmsEncoding.Ucs2, out var truncated);
        Assert.True(truncated);
        Assert.Equal(string.Concat(Enumerable.Repeat("🌊", 33)) + "...", fitted);
        Assert.True(fitted.Length <= SmsText.Ucs2Limit);
    }

    [Fact]
    public void FitOneMessage_70Ucs2Units_Unchanged()
    {
        var text = new string('ማ', 70);
        Assert.Equal(text, SmsText.FitOneMessage(text, SmsEncoding.Ucs2, out var truncated));
        Assert.False(truncated);
    }
}
