using Edge.Gateway.Alarms.Sms;
using Edge.Gateway.Alarms.Sms.Http;
using Edge.Gateway.Alarms.Sms.Modem;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Alarms.Sms;

public sealed class SmsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddSmsSender_NoSmsSection_NotConfiguredSenderThatSaysSo()
    {
        await using var services = Services([]);

        var sender = services.GetRequiredService<ISmsSender>();
        var result = await sender.SendAsync("+254700000001", "alarm", CancellationToken.None);

        Assert.IsType<UnconfiguredSmsSender>(sender);
        Assert.Equal(UnconfiguredSmsSender.Reason, result.FailureReason);
        Assert.False(result.RetryMayHelp);
    }

    [Theory]
    [InlineData("modem", typeof(GsmModemSmsSender))]
    [InlineData("Modem", typeof(GsmModemSmsSender))]
    [InlineData("http", typeof(HttpSmsGatewaySender))]
    [InlineData("none", typeof(UnconfiguredSmsSender))]
    public async Task AddSmsSender_Kind_RegistersThatSender(string kind, Type expected)
    {
        await using var services = Services(new() { ["Sms:Kind"] = kind, ["Sms:Http:Url"] = "https://sms.example.net/send" });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType(expected, services.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public async Task AddSmsSender_HttpWithoutUrl_FailsAtStart()
    {
        await using var services = Services(new() { ["Sms:Kind"] = "http" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Sms:Http:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSmsSender_BadModemSettings_EveryProblemReportedAtStart()
    {
        await using var services = Services(new()
        {
            ["Sms:Kind"] = "modem",
            ["Sms:Modem:DevicePath"] = "ttyUSB0",
            ["Sms:Modem:BaudRate"] = "12345",
            ["Sms:Modem:Pin"] = "12",
            ["Sms:Modem:SendTimeout"] = "00:00:00",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(4, error.Failures.Count());
    }

    [Fact]
    public async Task AddSmsSender_HttpTemplateWithoutText_FailsAtStart()
    {
        await using var services = Services(new()
        {
            ["Sms:Kind"] = "http",
            ["Sms:Http:Url"] = "https://sms.example.net/send",
            ["Sms:Http:BodyTemplate"] = """{"to":"{number}"}""",
            ["Sms:Http:ContentType"] = "text/plain",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("{text}", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContentType", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSmsSender_ModemChosen_HttpSectionNotValidated()
    {
        await using var services = Services(new() { ["Sms:Kind"] = "modem", ["Sms:Http:Url"] = "not a url" });

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public async Task AddSmsSender_UnknownKind_FailsAtStart()
    {
        await using var services = Services(new() { ["Sms:Kind"] = "pigeon" });

        Assert.ThrowsAny<InvalidOperationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddSmsSender()
            .BuildServiceProvider();
}
