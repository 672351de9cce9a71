namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>
/// One event of a progress stream, made from one committed journal record. <see cref="Position"/> is the record's global
/// position (the all-instances cursor); activity fields are set for activity events only.
/// </summary>
public sealed record ProgressEvent
{
    public required string Type { get; init; }
    public required long Position { get; init; }
    public required string InstanceId { get; init; }
    public required string DefinitionId { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? ActivityId { get; init; }
    public string? ActivityType { get; init; }
    public string? ActivityName { get; init; }

    /// <summary>"Cancelled" on the completion of an activity that was cancelled instead of finishing.</summary>
    public string? Status { get; init; }

    /// <summary>The fault's or the failed attempt's message, when there is one.</summary>
    public string? Message { get; init; }

    public bool IsTerminal => ProgressEventTypes.IsTerminal(Type);
}
