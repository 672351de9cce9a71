using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PatientDocs.Integration.Tests.Activities;

/// <summary>Keeps every log entry so a test can await the next one the code under test writes.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly Channel<LogEntry> _entries = Channel.CreateUnbounded<LogEntry>();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        _entries.Writer.TryWrite(new LogEntry(logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value), exception));
    }

    /// <summary>The next entry at <paramref name="level"/>, skipping others; fails after ten seconds.</summary>
    public async Task<LogEntry> NextAsync(LogLevel level)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var entry = await _entries.Reader.ReadAsync(timeout.Token);
            if (entry.Level == level)
            {
                return entry;
            }
        }
    }
}

public sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);
