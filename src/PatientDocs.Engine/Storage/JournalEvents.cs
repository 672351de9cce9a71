namespace PatientDocs.Engine.Storage;

/// <summary>The journal's event names that are not Elsa's own: instance-level records and task retries.</summary>
public static class JournalEvents
{
    public const string WorkflowResumed = "WorkflowResumed";
    public const string WorkflowSuspended = "WorkflowSuspended";
    public const string WorkflowFaulted = "WorkflowFaulted";
    public const string Retrying = "Retrying";

    /// <summary>Names Elsa's journal (what Studio shows) leaves out: they exist for the progress streams.</summary>
    public static IReadOnlyList<string> NotInElsaJournal { get; } = [WorkflowResumed, WorkflowSuspended, WorkflowFaulted, Retrying];
}
