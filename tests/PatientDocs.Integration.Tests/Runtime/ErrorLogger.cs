using Microsoft.Extensions.Logging;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Keeps what a worker logs as an error (a burst or a task that could not be committed), so a test can show it.</summary>
public sealed class ErrorLogger<T>(List<string> errors) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            lock (errors)
            {
                errors.Add($"{formatter(state, exception)} {exception}");
            }
        }
    }
}
