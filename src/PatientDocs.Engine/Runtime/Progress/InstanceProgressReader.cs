using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>
/// Reads one instance's stream events from the committed journal, numbering them as it goes. Its records commit in
/// position order (each writer locks the instance first), so a later read only ever appends and the numbers never move.
/// </summary>
public sealed class InstanceProgressReader(IWorkflowStore store, string instanceId, string definitionId, int batchSize)
{
    private long _position;
    private long _lastId;

    /// <summary>The events committed since the last call (all of them on the first), numbered after those before.</summary>
    public async Task<IReadOnlyList<NumberedProgressEvent>> ReadNewAsync(CancellationToken cancellationToken)
    {
        var events = new List<NumberedProgressEvent>();
        while (true)
        {
            var records = await store.ReadInstanceJournalAsync(instanceId, _position, batchSize, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                _position = record.Position;
                if (ProgressMapper.Map(record, definitionId) is { } progress)
                {
                    events.Add(new NumberedProgressEvent(++_lastId, progress));
                }
            }

            if (records.Count < batchSize)
            {
                return events;
            }
        }
    }
}
