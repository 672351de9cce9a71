namespace PatientDocs.Server.Operations;

/// <summary>A queue's depth: tasks waiting (<see cref="Ready"/> of them claimable now) and running.</summary>
public sealed record OpsQueue(string Name, string? Limit, int Slots, int Pending, int Ready, int Running);
