namespace PatientDocs.PatientDocuments.ActivityLog;

/// <summary>Bound from <c>PatientDocs:ActivityLog</c>: how the CSV file is fed from the activity-log table.</summary>
public sealed class ActivityLogOptions
{
    public const string Section = "PatientDocs:ActivityLog";

    /// <summary>Lines numbered and appended per write (one file write, one query each).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>How often the CSV looks for lines committed since its last copy.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait before the first retry of a failed copy; each further failure doubles it.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between retries of a failing copy.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one copy waits for another process's lock on the file before it counts as failed.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        if (BatchSize is < 1 or > 100_000)
        {
            yield return $"{Section}:BatchSize must be between 1 and 100000.";
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            yield return $"{Section}:PollInterval must be positive.";
        }

        if (RetryInitialDelay <= TimeSpan.Zero || RetryMaxDelay < RetryInitialDelay)
        {
            yield return $"{Section}:RetryInitialDelay must be positive and not above {Section}:RetryMaxDelay.";
        }

        if (LockTimeout < TimeSpan.Zero)
        {
            yield return $"{Section}:LockTimeout must not be negative.";
        }
    }
}
