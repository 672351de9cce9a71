namespace PatientDocs.PatientDocuments.Activities;

/// <summary>The queue names the module's tasks draw on; their limits are configured per service in appsettings.json.</summary>
public static class PatientDocsQueues
{
    /// <summary>DocumentExchange searches; shares the 10-per-minute limit with downloads.</summary>
    public const string DocexSearch = "docex-search";

    /// <summary>DocumentExchange downloads; shares the 10-per-minute limit with searches and outranks them.</summary>
    public const string DocexDownload = "docex-download";

    /// <summary>DocumentExchange job-status polls: 10 per second.</summary>
    public const string DocexStatus = "docex-status";

    /// <summary>Every TaskTracker request: 10 per second.</summary>
    public const string TaskTracker = "task-tracker";

    /// <summary>One file conversion per task: slots and memory budget per node.</summary>
    public const string Conversion = "conversion";

    /// <summary>Database and document-storage work: local, unlimited.</summary>
    public const string Database = "database";

    public const string Category = "Patient documents";

    public const string Namespace = "PatientDocs";
}
