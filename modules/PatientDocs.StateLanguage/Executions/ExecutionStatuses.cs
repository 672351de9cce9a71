namespace PatientDocs.StateLanguage.Executions;

/// <summary>An execution's status as the API gives it.</summary>
public static class ExecutionStatuses
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";

    public static readonly IReadOnlyList<string> All = [Running, Succeeded, Failed, Cancelled];
}
