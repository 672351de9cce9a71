namespace PatientDocs.Persistence.Store;

/// <summary>One row of the queue summary query; times in Unix milliseconds like every stored time.</summary>
internal sealed class QueueBacklogRow
{
    public string Queue { get; set; } = "";
    public long Ready { get; set; }
    public long? NextReadyAt { get; set; }
}
