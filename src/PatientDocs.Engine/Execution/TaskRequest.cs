using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Execution;

/// <summary>A task the interpreter wants run; the runtime turns it into a task row in the same commit as the burst.</summary>
public sealed record TaskRequest
{
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }

    /// <summary>The activity type name; the worker re-creates the activity from it.</summary>
    public required string Handler { get; init; }
    public required string Queue { get; init; }
    public int Priority { get; init; }
    public long Weight { get; init; }

    /// <summary>The estimate charged against the queue's weighted limit (<c>TaskActivity.Units</c>).</summary>
    public long Units { get; init; } = 1;

    /// <summary>instance id + activity id (+ item): stable across crashes and retries.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The evaluated inputs, by camelCase input name.</summary>
    public required JsonObject Input { get; init; }

    /// <summary>The task bookmark the result resumes.</summary>
    public required string BookmarkId { get; init; }

    /// <summary>Enqueued again by an operator retry: the store re-opens the earlier row with this key instead of keeping it.</summary>
    public bool Retry { get; init; }
}
