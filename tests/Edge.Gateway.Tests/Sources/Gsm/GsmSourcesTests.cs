using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Journal;
using Edge.Telemetry.Contracts;
using Edge.Testing;

namespace Edge.Gateway.Tests.Sources.Gsm;

/// <summary>The whole gateway, on a real Mosquitto: SMS on <c>POST /gsm/sms</c> and GPRS lines from a real TCP client.</summary>
public sealed class GsmSourcesTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private const string DeviceNumber = "+254700000001";
    private readonly int _httpPort = FreeTcpPort.Next();
    private readonly int _gprsPort = FreeTcpPort.Next();
    private GatewayServices _gateway = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gateway = new GatewayServices(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:" + _httpPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Broker"] = broker.Address,
            ["Gsm:GprsPort"] = _gprsPort.ToString(CultureInfo.InvariantCulture),
            ["Gsm:GprsBindAddress"] = "127.0.0.1",
            ["Gsm:IdleTimeout"] = "00:00:01",
            ["Gsm:MaxLineBytes"] = "64",
        });
        _gateway.Get<GatewayConfigState>().Set(new GatewayConfig
        {
            GatewayId = "gw-test",
            Devices = [new GatewayDevice("rg-001", "rain_gauge", "rg-001", "active", null, null) { SmsNumbers = [DeviceNumber] }],
        }, ConfigSource.Cloud, null, null);
        await _gateway.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + _httpPort.ToString(CultureInfo.InvariantCulture)) };
        await FreeTcpPort.WaitUntilListeningAsync(_gprsPort, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    private static long Now => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    private List<JournalEntry> JournaledReadings()
    {
        using var outbox = new JournalOutbox(_gateway.Get<JournalDatabase>());
        return [.. outbox.NextBatch(10_000).Where(e => e.Kind == JournalEntryKind.Reading)];
    }

    private static Dictionary<string, double> Values(JournalEntry entry) => JsonSerializer.Deserialize<Dictionary<string, double>>(entry.Body)!;

    private long DeadLetters() => JournalStatistics.Read(_gateway.Get<JournalDatabase>()).DeadLetters;

    [Fact]
    public async Task PostSms_FromTheDevicesNumber_JournaledAsGsmReading()
    {
        var ts = Now - 60;
        using var response = await _http.PostAsJsonAsync("/gsm/sms", new { from = DeviceNumber, text = $"ID=rg-001;RAIN=2.4;BAT=3.61;TS={ts}", receivedAt = TimeProvider.System.GetUtcNow() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reading = Assert.Single(JournaledReadings()); // answered only after the commit: no waiting needed
        Assert.Equal(("rg-001", "gsm", DateTimeOffset.FromUnixTimeSeconds(ts)), (reading.DeviceId, reading.Source, reading.Ts));
        Assert.Equal(new Dictionary<string, double> { ["battery_v"] = 3.61, ["rain_mm"] = 2.4 }, Values(reading));
    }

    [Fact]
    public async Task PostSms_SameSmsDeliveredTwice_StoredOnce()
    {
        var sms = new { from = DeviceNumber, text = $"ID=rg-001;RAIN=0.2;TS={Now - 30}", receivedAt = TimeProvider.System.GetUtcNow() };
        using var first = await _http.PostAsJsonAsync("/gsm/sms", sms);
        using var second = await _http.PostAsJsonAsync("/gsm/sms", sms);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Single(JournaledReadings());
    }

    [Theory]
    [InlineData("+254799999999", "ID=rg-001;RAIN=1", "is not a number of device rg-001")]
    [InlineData(DeviceNumber, "ID=rg-404;RAIN=1", "unknown device rg-404")]
    [InlineData(DeviceNumber, "ID=rg-001;RAIN=9999", "rain_mm")]
    [InlineData(DeviceNumber, "hello", "not KEY=VALUE")]
    public async Task PostSms_Refused_422WithReasonAndDeadLetter(string from, string text, string reason)
    {
        using var response = await _http.PostAsJsonAsync("/gsm/sms", new { from, text });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(JournaledReadings());
        Assert.Equal(1, DeadLetters());
    }

    [Theory]
    [InlineData("""{"from":"0700","text":"ID=rg-001;RAIN=1"}""")]
    [InlineData("""{"from":"+254700000001"}""")]
    [InlineData("not json")]
    public async Task PostSms_MalformedRequest_400(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/gsm/sms", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(JournaledReadings());
    }

    [Fact]
    public async Task GprsLines_OneReplyPerLine_OkOnlyForStoredOnes()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _gprsPort);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.UTF8.GetBytes($"ID=rg-001;RAIN=0.4;TS={Now - 120}\r\n\nID=rg-404;RAIN=1\nID=rg-001;SEQ=42;WL=1.5\n"));

        Assert.Equal("OK 1", await reader.ReadLineAsync());
        Assert.Equal("ERR unknown device rg-404", await reader.ReadLineAsync());
        Assert.Equal("OK 42", await reader.ReadLineAsync());
        var readings = JournaledReadings();
        Assert.Equal(2, readings.Count);
        Assert.All(readings, r => Assert.Equal(("rg-001", "gsm"), (r.DeviceId, r.Source)));
        Assert.Equal(1, DeadLetters());
    }

    [Fact]
    public async Task GprsLine_TooLong_ErrAndClosed()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _gprsPort);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);

        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes("ID=rg-001;" + new string('1', 200)));

        Assert.Equal("ERR line too long", await reader.ReadLineAsync());
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task GprsConnection_Silent_ClosedAfterIdleTimeout()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _gprsPort);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);

        var closed = reader.ReadLineAsync();

        Assert.Null(await closed.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
