namespace PatientDocs.Engine.Runtime;

/// <summary>Bound from the <c>PatientDocs</c> section. Every duration here is real time except where noted.</summary>
public sealed class RuntimeOptions
{
    public const string SectionName = "PatientDocs";

    /// <summary>Compresses time: limit periods, retry delays, breaker intervals and timers divide by it.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>This process's name in leases and journal records; unique per process.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long an instance or task lease lives without a heartbeat before another node may take over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often held leases are renewed; must be well below <see cref="LeaseDuration"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Instances whose bursts run at once on this node (the server raises it to 16 on SQLite, see StoreRegistration).</summary>
    public int InstanceConcurrency { get; set; } = 4;

    /// <summary>
    /// On a store that can (PostgreSQL), a task's completion runs the burst it resumes and commits both in one transaction
    /// (<see cref="Storage.TaskCompletion.RunResumedBurst"/>): a task then costs one transaction where it cost two, and a
    /// CPU-bound node runs 20-68 % more task activities a second. It was off until the rate-limited baseline stopped losing
    /// its first seconds with it (docs/performance.md); false keeps the hand-over to the instance worker.
    /// </summary>
    public bool ResumeInCompletion { get; set; } = true;

    /// <summary>Instances leased per poll.</summary>
    public int InstanceLeaseBatch { get; set; } = 32;

    /// <summary>The longest a worker sleeps without looking at the store (work from other nodes, missed signals).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each node reads the published definitions for schedule triggers (Cron, Timer, StartAt): a version published, retracted or deleted on any node is (re)scheduled within this.</summary>
    public TimeSpan ScheduleRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Slots of a queue that no service configures.</summary>
    public int DefaultQueueSlots { get; set; } = 4;

    /// <summary>Instances created per store call in a bulk start.</summary>
    public int BulkStartBatchSize { get; set; } = 500;

    /// <summary>
    /// How long a definition version read for a burst is reused without reading it again: an unpublished version edited on
    /// another node reaches this node's running instances within this (edits on this node at once). Zero reads every burst.
    /// </summary>
    public TimeSpan DefinitionCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether this node runs the instance and task workers (an API-only node sets false).</summary>
    public bool RunWorkers { get; set; } = true;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(TimeScale > 0) || double.IsInfinity(TimeScale))
        {
            errors.Add($"PatientDocs:TimeScale must be a positive number (was {TimeScale}).");
        }

        if (string.IsNullOrWhiteSpace(NodeId))
        {
            errors.Add("PatientDocs:NodeId must not be empty.");
        }

        if (LeaseDuration <= TimeSpan.Zero)
        {
            errors.Add($"PatientDocs:LeaseDuration must be positive (was {LeaseDuration}).");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval >= LeaseDuration)
        {
            errors.Add($"PatientDocs:HeartbeatInterval must be positive and below PatientDocs:LeaseDuration ({HeartbeatInterval} / {LeaseDuration}).");
        }

        if (InstanceConcurrency <= 0 || InstanceLeaseBatch <= 0 || DefaultQueueSlots <= 0 || BulkStartBatchSize <= 0)
        {
            errors.Add("PatientDocs:InstanceConcurrency, InstanceLeaseBatch, DefaultQueueSlots and BulkStartBatchSize must be positive.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"PatientDocs:PollInterval must be positive (was {PollInterval}).");
        }

        if (DefinitionCacheDuration < TimeSpan.Zero)
        {
            errors.Add($"PatientDocs:DefinitionCacheDuration must not be negative (was {DefinitionCacheDuration}).");
        }

        if (ScheduleRefreshInterval <= TimeSpan.Zero)
        {
            errors.Add($"PatientDocs:ScheduleRefreshInterval must be positive (was {ScheduleRefreshInterval}).");
        }

        return errors;
    }
}
