namespace PatientDocs.Engine.Activities;

/// <summary>How an activity is scheduled; serialised as a string in descriptors.</summary>
public enum ActivityKind
{
    Action,
    Trigger,
    Task,
    Job,
}
