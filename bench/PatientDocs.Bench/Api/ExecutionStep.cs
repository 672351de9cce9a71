namespace PatientDocs.Bench.Api;

/// <summary>What the bench reads of one entry of an execution's <c>steps</c>.</summary>
public sealed record ExecutionStep(
    string StepId,
    string StateName,
    string Type,
    string Status,
    int? Attempts,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);
