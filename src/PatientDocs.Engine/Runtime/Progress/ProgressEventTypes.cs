namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>The event types of the progress streams (the contract's names).</summary>
public static class ProgressEventTypes
{
    public const string WorkflowStarted = "workflow-started";
    public const string WorkflowSuspended = "workflow-suspended";
    public const string WorkflowResumed = "workflow-resumed";
    public const string WorkflowFinished = "workflow-finished";
    public const string WorkflowFaulted = "workflow-faulted";
    public const string WorkflowCancelled = "workflow-cancelled";
    public const string ActivityStarted = "activity-started";
    public const string ActivityCompleted = "activity-completed";
    public const string ActivityFaulted = "activity-faulted";
    public const string ActivityRetrying = "activity-retrying";

    /// <summary>Whether a per-instance stream closes after an event of this type.</summary>
    public static bool IsTerminal(string type) => type is WorkflowFinished or WorkflowFaulted or WorkflowCancelled;
}
