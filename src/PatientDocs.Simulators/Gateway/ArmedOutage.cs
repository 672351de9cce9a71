namespace PatientDocs.Simulators.Gateway;

/// <summary>An outage waiting for its service to receive <see cref="Remaining"/> more requests; the one after them meets it.</summary>
public sealed class ArmedOutage(string id, OutageKind kind, long afterRequests, TimeSpan duration)
{
    public string Id { get; } = id;

    public OutageKind Kind { get; } = kind;

    public TimeSpan Duration { get; } = duration;

    public long Remaining { get; internal set; } = afterRequests;
}
