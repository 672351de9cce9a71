using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// One state as written. One record for every type keeps the reader simple; the validator checks which fields a type
/// needs, and the compiler reads only those. Durations are in seconds, before TimeScale.
/// </summary>
public sealed record StateSpec
{
    public required string Name { get; init; }

    /// <summary>As written; the validator rejects anything not in <see cref="StateTypes.All"/>.</summary>
    public required string Type { get; init; }

    public string? Next { get; init; }

    public bool End { get; init; }

    // Task
    public string? Resource { get; init; }

    public RetrySpec? Retry { get; init; }

    public IReadOnlyList<CatchSpec> Catch { get; init; } = [];

    public double? TimeoutSeconds { get; init; }

    /// <summary>The resource run for this Task if the execution later fails (reaches a Fail state or an uncaught error).</summary>
    public string? Compensation { get; init; }

    // Choice
    public IReadOnlyList<ChoiceRule> Choices { get; init; } = [];

    public string? Default { get; init; }

    // Wait: exactly one of the three
    public double? Seconds { get; init; }

    /// <summary>ISO-8601 wall-clock time as written; not scaled by TimeScale.</summary>
    public string? Timestamp { get; init; }

    public string? Event { get; init; }

    // Parallel
    public IReadOnlyList<BranchSpec> Branches { get; init; } = [];

    // Pass: an object merged into the data
    public JsonObject? Result { get; init; }

    // Fail
    public string? Error { get; init; }

    public string? Cause { get; init; }
}
