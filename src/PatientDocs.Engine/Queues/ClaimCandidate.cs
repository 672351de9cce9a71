namespace PatientDocs.Engine.Queues;

/// <summary>A ready task as the claim rule sees it: its id, and what decides its place and its share of the node's budget.</summary>
public sealed record ClaimCandidate(string TaskId, int Priority, DateTimeOffset CreatedAt, long Weight);
