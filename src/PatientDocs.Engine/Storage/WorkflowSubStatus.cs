namespace PatientDocs.Engine.Storage;

/// <summary>Elsa's instance sub-status values; serialised as strings.</summary>
public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
}
