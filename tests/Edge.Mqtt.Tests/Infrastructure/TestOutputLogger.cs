using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>Writes the client's log to the test output, so a failing test shows what the client saw.</summary>
internal sealed class TestOutputLogger<T>(ITestOutputHelper output, string? category = null) : ILogger<T>
{
    private readonly string _prefix = category is null ? string.Empty : category[(category.LastIndexOf('.') + 1)..] + ": ";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} {_prefix}{logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " | " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // the test has already finished
        }
    }
}
