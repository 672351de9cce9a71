namespace PatientDocs.Engine.Queues;

/// <summary>
/// A ready task as the claim rule sees it: its id, what decides its place and its share of the node's budget, and the units
/// it charges against the group's weighted limit (its estimate; 1 unless the task declares one).
/// </summary>
public sealed record ClaimCandidate(string TaskId, int Priority, DateTimeOffset CreatedAt, long Weight, long Units = 1);
