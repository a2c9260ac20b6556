using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests.Transport;

/// <summary>Keeps the client's log entries (event id and text) for assertions, and writes them to the test output.</summary>
internal sealed class RecordingLogger<T>(ITestOutputHelper output) : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId EventId, LogLevel Level, string Text)> _entries = new();

    public IReadOnlyList<(EventId EventId, LogLevel Level, string Text)> Entries => [.. _entries];

    /// <summary>The text of the one entry with <paramref name="eventId"/>.</summary>
    public string Single(int eventId) => Assert.Single(Entries, entry => entry.EventId.Id == eventId).Text;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception);
        _entries.Enqueue((eventId, logLevel, text));
        try
        {
            output.WriteLine($"{logLevel} {eventId.Id}: {text}{(exception is null ? string.Empty : " | " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // the test has already finished
        }
    }
}
