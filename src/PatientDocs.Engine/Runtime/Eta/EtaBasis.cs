namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>What an estimate rests on.</summary>
public static class EtaBasis
{
    /// <summary>The instance has ended: the ETA is its finish time.</summary>
    public const string Finished = "finished";

    /// <summary>Queue positions and limits only (no finished instance of the definition to measure the rest of the path).</summary>
    public const string QueueLimits = "queue-limits";

    /// <summary>Queue positions and limits for the next start, plus the rest of the path as finished instances took it.</summary>
    public const string QueueLimitsAndHistory = "queue-limits+history";

    /// <summary>A timer's due time (plus the rest of the path as finished instances took it, when known).</summary>
    public const string Timer = "timer";

    /// <summary>The rest of the path as finished instances took it; nothing queued now.</summary>
    public const string History = "history";

    /// <summary>Waiting for something outside (an event, a child, an operator) that no queue or history predicts.</summary>
    public const string Unknown = "unknown";
}
