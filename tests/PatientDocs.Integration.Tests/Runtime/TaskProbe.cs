using System.Collections.Concurrent;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Shared by the test task activities: decides each attempt's outcome and records what was sent.</summary>
public sealed class TaskProbe
{
    private readonly Lock _gate = new();

    public Func<TaskContext, string?, TaskOutcome> Behaviour { get; set; } = (_, _) => TaskOutcome.Completed();

    /// <summary>When set, attempts wait on it (a "crashed" worker never finishes).</summary>
    public Task? Hold { get; set; }

    public List<(DateTimeOffset At, string Key, int Attempt, string? Text)> Calls { get; } = [];

    /// <summary>Released once per recorded call, so a test can await an attempt that is still running.</summary>
    public SemaphoreSlim CallRecorded { get; } = new(0);

    /// <summary>External effects by idempotency key, as an idempotent service would dedupe them.</summary>
    public ConcurrentDictionary<string, int> Effects { get; } = new();

    public async ValueTask<TaskOutcome> RunAsync(TaskContext context, string? text, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add((context.Time.GetUtcNow(), context.IdempotencyKey, context.Attempt, text));
        }

        CallRecorded.Release();

        if (Hold is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        var outcome = Behaviour(context, text);
        if (outcome is CompletedOutcome)
        {
            Effects.AddOrUpdate(context.IdempotencyKey, 1, (_, n) => n + 1);
        }

        return outcome;
    }
}
