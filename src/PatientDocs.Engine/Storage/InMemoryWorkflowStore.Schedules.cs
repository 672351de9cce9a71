namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
    private readonly Dictionary<string, ScheduleState> _schedules = new(StringComparer.Ordinal);

    public Task<ScheduleState> ArmScheduleAsync(string key, string definitionVersionId, DateTimeOffset armedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_schedules.TryGetValue(key, out var state) || state.DefinitionVersionId != definitionVersionId)
            {
                state = new ScheduleState(key, definitionVersionId, armedAt);
                _schedules[key] = state;
            }

            return Task.FromResult(state);
        }
    }

    public Task<bool> FireScheduleAsync(ScheduleState tick, InstanceRecord instance, WorkItemRecord start, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_schedules.TryGetValue(tick.Key, out var state) || state.DefinitionVersionId != tick.DefinitionVersionId || state.LastDueAt >= tick.LastDueAt)
            {
                return Task.FromResult(false);
            }

            _schedules[tick.Key] = tick;
            _instances[instance.Id] = instance;
            AddWorkItems([start]);
            return Task.FromResult(true);
        }
    }
}
