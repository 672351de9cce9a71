using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>Turns finished instances and their tasks into a <see cref="DefinitionHistory"/>, on plain values.</summary>
public static class HistoryMath
{
    /// <param name="finished">Finished instances (with their finish time) and every task each ran.</param>
    /// <param name="groupOf">The claim group of a queue: its limit's name, or the queue itself when unlimited.</param>
    public static DefinitionHistory Build(IReadOnlyList<(InstanceRecord Instance, IReadOnlyList<TaskRecord> Tasks)> finished, Func<string, string> groupOf)
    {
        var samples = finished.Where(f => f.Instance.FinishedAt is not null).ToList();
        if (samples.Count == 0)
        {
            return DefinitionHistory.Empty;
        }

        var tails = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        var runs = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        foreach (var (instance, tasks) in samples)
        {
            foreach (var byActivity in tasks.Where(t => t.CompletedAt is not null).GroupBy(t => t.ActivityId, StringComparer.Ordinal))
            {
                var lastCompletion = byActivity.Max(t => t.CompletedAt!.Value);
                Add(tails, byActivity.Key, instance.FinishedAt!.Value - lastCompletion);
                foreach (var task in byActivity.Where(t => t.PermitGrantedAt is not null))
                {
                    Add(runs, byActivity.Key, task.CompletedAt!.Value - task.PermitGrantedAt!.Value);
                }
            }
        }

        var activities = tails.ToDictionary(
            kv => kv.Key,
            kv => new ActivityHistory(EtaMath.Median(kv.Value)!.Value, runs.TryGetValue(kv.Key, out var r) ? EtaMath.Median(r) : null, kv.Value.Count),
            StringComparer.Ordinal);

        // For each queue and priority: tasks of its group that outrank it, per task of it; those are granted first.
        var all = samples.SelectMany(s => s.Tasks).ToList();
        var draw = new Dictionary<(string, int), double>();
        foreach (var own in all.GroupBy(t => (t.Queue, t.Priority)))
        {
            var group = groupOf(own.Key.Queue);
            var outranking = all.Count(t => t.Priority > own.Key.Priority && groupOf(t.Queue) == group);
            draw[own.Key] = 1 + ((double)outranking / own.Count());
        }

        return new DefinitionHistory(samples.Count, activities, draw);
    }

    private static void Add(Dictionary<string, List<TimeSpan>> map, string key, TimeSpan value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value < TimeSpan.Zero ? TimeSpan.Zero : value);
    }
}
