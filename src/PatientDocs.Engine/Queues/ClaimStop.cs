namespace PatientDocs.Engine.Queues;

/// <summary>Why a claim took no more tasks.</summary>
public enum ClaimStop
{
    /// <summary>Every candidate was taken (or there were none).</summary>
    NoMoreCandidates,

    /// <summary>The claimer asked for no more.</summary>
    MaxTasks,

    /// <summary>The window has no permit within the lookahead; ready tasks were left behind.</summary>
    Limit,

    /// <summary>The next task in order does not fit in the node's budget.</summary>
    Weight,
}
