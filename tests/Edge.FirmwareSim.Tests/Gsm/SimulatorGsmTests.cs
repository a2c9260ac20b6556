using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Edge.FirmwareSim.Publishing;
using Edge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.FirmwareSim.Tests.Gsm;

/// <summary>The simulator as SMS and GPRS dataloggers, against a real TCP line server and a real HTTP listener standing in for the gateway.</summary>
public sealed class SimulatorGsmTests
{
    private static SimulatorOptions Options(DeviceProtocol protocol, int port) => new()
    {
        Devices = 2,
        Rate = 50,
        Count = 3,
        Protocol = protocol,
        GprsHost = "127.0.0.1",
        GprsPort = port,
        GatewayUrl = new Uri($"http://127.0.0.1:{port}/"),
        DrainTimeout = TimeSpan.FromSeconds(20),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task Gprs_EachReadingALine_OkAcknowledgedErrRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var lines = new List<string>();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    connections.Add(Task.Run(async () =>
                    {
                        using (client)
                        {
                            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
                            while (await reader.ReadLineAsync() is { } line)
                            {
                                lock (lines)
                                {
                                    lines.Add(line);
                                }

                                var reply = line.Contains("SEQ=2;", StringComparison.Ordinal) && line.Contains("rg-", StringComparison.Ordinal) ? "ERR refused\n" : "OK 1\n";
                                await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(reply));
                            }
                        }
                    }));
                }
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAll(connections);
        });

        var report = await new Simulator(Options(DeviceProtocol.Gprs, port), _ => throw new InvalidOperationException("no MQTT"), TimeProvider.System, NullLoggerFactory.Instance)
            .RunAsync(CancellationToken.None);
        await stop.CancelAsync();

        Assert.Equal(6, lines.Count);
        Assert.All(lines, line => Assert.Matches("^ID=sim-(rg|rl)-0001;TS=[0-9]+;SEQ=[1-3];", line));
        Assert.Equal((6, 5, 1, 0), (report.Totals.Generated, report.Totals.Acknowledged, report.Totals.Dropped, report.Totals.Unsent));
        Assert.Equal(1, report.Totals.Errors);
    }

    [Fact]
    public async Task Sms_EachReadingAPostFromTheDevicesNumber_GatewayDownRetried()
    {
        var port = FreeTcpPort.Next();
        var options = Options(DeviceProtocol.Sms, port);
        var run = new Simulator(options, _ => throw new InvalidOperationException("no MQTT"), TimeProvider.System, NullLoggerFactory.Instance).RunAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the gateway is not up yet: the devices keep their readings and retry

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<(string From, string Text)>();
        while (received.Count < 6)
        {
            var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(20));
            using (var body = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                received.Add((body.RootElement.GetProperty("from").GetString()!, body.RootElement.GetProperty("text").GetString()!));
            }

            Assert.Equal("/gsm/sms", context.Request.Url!.AbsolutePath);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }

        var report = await run;
        Assert.Equal((6, 6, 0), (report.Totals.Generated, report.Totals.Acknowledged, report.Totals.Unsent));
        Assert.True(report.Totals.Errors > 0);
        Assert.Equal(["+254700000001", "+254700000002"], received.Select(r => r.From).Distinct().Order());
        Assert.Equal(["SEQ=1", "SEQ=2", "SEQ=3"], received.Where(r => r.From == "+254700000001").Select(r => r.Text.Split(';')[2]));
    }
}
