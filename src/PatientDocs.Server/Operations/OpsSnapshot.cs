namespace PatientDocs.Server.Operations;

/// <summary>What the operations page shows, read at <see cref="At"/> (the server's clock).</summary>
public sealed record OpsSnapshot(
    DateTimeOffset At,
    OpsInstanceCounts Instances,
    IReadOnlyList<OpsLimit> Limits,
    IReadOnlyList<OpsQueue> Queues,
    IReadOnlyList<OpsIncident> Incidents,
    OpsWaiting Waiting);
