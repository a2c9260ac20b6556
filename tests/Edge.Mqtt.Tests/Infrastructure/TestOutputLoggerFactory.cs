using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>Loggers that write to the test output (for <see cref="ReconnectingMqttClient"/>, which takes a factory).</summary>
internal sealed class TestOutputLoggerFactory(ITestOutputHelper output) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger<object>(output, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
