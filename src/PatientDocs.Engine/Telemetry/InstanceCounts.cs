using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Telemetry;

/// <summary>
/// Instances per sub-status, read from the store at most once per <see cref="EngineTelemetryOptions.StoreReadInterval"/>:
/// a scrape in between gets the last reading, so many scrapers cost the instance table one count per status per interval.
/// </summary>
internal sealed class InstanceCounts(IWorkflowStore store, TimeProvider time, TimeSpan interval, Action<Exception> failed)
{
    private static readonly WorkflowSubStatus[] Statuses = Enum.GetValues<WorkflowSubStatus>();
    private readonly Lock _gate = new();
    private IReadOnlyList<(WorkflowSubStatus Status, long Count)> _last = [];
    private DateTimeOffset? _readAt;

    /// <summary>The counts, re-read when the last reading is older than the interval; a failed read keeps the last one.</summary>
    public IReadOnlyList<(WorkflowSubStatus Status, long Count)> Read()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_readAt is { } at && now - at < interval)
            {
                return _last;
            }

            _readAt = now;
            try
            {
                // Observable instruments are read synchronously; the store is async. A scrape thread waits for one reading.
                _last = ReadAsync().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failed(ex);
            }

            return _last;
        }
    }

    private async Task<IReadOnlyList<(WorkflowSubStatus, long)>> ReadAsync()
    {
        var counts = new List<(WorkflowSubStatus, long)>(Statuses.Length);
        foreach (var status in Statuses)
        {
            counts.Add((status, await store.CountInstancesAsync(new InstanceQuery { SubStatuses = [status] }).ConfigureAwait(false)));
        }

        return counts;
    }
}
