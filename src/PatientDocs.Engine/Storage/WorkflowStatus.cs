namespace PatientDocs.Engine.Storage;

/// <summary>Elsa's instance status values; serialised as strings.</summary>
public enum WorkflowStatus
{
    Running,
    Finished,
}
