namespace PatientDocs.StateLanguage.Executions;

/// <summary>A step's status as the API gives it.</summary>
public static class StepStatuses
{
    public const string Running = "RUNNING";
    public const string Waiting = "WAITING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
}
