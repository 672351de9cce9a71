using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

using PatientDocs.Engine.Triggers;

namespace PatientDocs.Engine.Scheduling;

/// <summary>
/// Starts instances from the schedule triggers of the published definitions (what Elsa's scheduling module does). Every
/// node runs it; the store lets one node fire each tick (<see cref="IWorkflowStore.FireScheduleAsync"/>), so a tick starts
/// one instance however many nodes run. The last tick is durable: ticks missed while no node ran fire once on start.
/// Publishing a new version re-arms its schedules; retracting or deleting the definition stops them at the next refresh.
/// Hosted as a background loop; tests call <see cref="RunOnceAsync"/> with a manual clock.
/// </summary>
public sealed partial class ScheduleWorker : BackgroundService
{
    private readonly IWorkflowStore _store;
    private readonly WorkSignal _signal;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly ILogger _logger;

    // The state this node last saw per schedule, so that a quiet schedule costs no write per pass.
    private readonly ConcurrentDictionary<string, ScheduleState> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedSkips = new(StringComparer.Ordinal);

    public ScheduleWorker(IWorkflowStore store, WorkSignal signal, TimeProvider time, IOptions<RuntimeOptions> options, ILogger<ScheduleWorker>? logger = null)
    {
        _store = store;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// One pass: reads the published definitions' schedule triggers, fires each one's latest due tick, and returns the
    /// earliest next tick (null when no schedule has one).
    /// </summary>
    public async Task<DateTimeOffset?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var (definition, trigger) in await ReadTriggersAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = _seen.TryGetValue(trigger.Key, out var seen) && seen.DefinitionVersionId == trigger.DefinitionVersionId
                ? seen
                : await _store.ArmScheduleAsync(trigger.Key, trigger.DefinitionVersionId, trigger.ArmedAt(now), cancellationToken).ConfigureAwait(false);
            if (trigger.LatestDue(state.LastDueAt, now) is { } due)
            {
                state = await FireAsync(definition, trigger, state with { LastDueAt = due }, now, cancellationToken).ConfigureAwait(false);
            }

            _seen[trigger.Key] = state;
            if (trigger.NextAfter(state.LastDueAt) is { } upcoming)
            {
                next = next is null || upcoming < next ? upcoming : next;
            }
        }

        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunWorkers)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next;
            try
            {
                next = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(_logger, ex);
                next = null;
            }

            var now = _time.GetUtcNow();
            var refresh = now + _options.ScheduleRefreshInterval;
            var wakeAt = next is { } due && due < refresh ? due : refresh;
            try
            {
                await WorkSignal.DelayUntilAsync(wakeAt, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<ScheduleState> FireAsync(WorkflowDefinition definition, ScheduleTrigger trigger, ScheduleState tick, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = new StartWorkflowRequest { DefinitionId = definition.DefinitionId, TriggerActivityId = trigger.ActivityId };
        var (instance, start) = WorkflowRuntime.NewInstance(request, definition, now);
        if (await _store.FireScheduleAsync(tick, instance, start, cancellationToken).ConfigureAwait(false))
        {
            LogFired(_logger, trigger.Key, tick.LastDueAt, instance.Id);
            _signal.NotifyInstanceWork();
            return tick;
        }

        // Another node fired it (or a newer version re-armed it): take the schedule as it now stands.
        return await _store.ArmScheduleAsync(trigger.Key, trigger.DefinitionVersionId, trigger.ArmedAt(now), cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<(WorkflowDefinition Definition, ScheduleTrigger Trigger)>> ReadTriggersAsync(CancellationToken cancellationToken)
    {
        var found = new List<(WorkflowDefinition, ScheduleTrigger)>();
        await foreach (var definition in PublishedDefinitions.ReadAsync(_store, cancellationToken).ConfigureAwait(false))
        {
            var (triggers, skipped) = ScheduleTriggers.Of(definition, _options.TimeScale);
            found.AddRange(triggers.Select(t => (definition, t)));
            foreach (var skip in skipped.Where(_reportedSkips.Add))
            {
                LogSkipped(_logger, skip);
            }
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Key} fired its tick of {DueAt:O}: instance {InstanceId}")]
    private static partial void LogFired(ILogger logger, string key, DateTimeOffset dueAt, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule trigger {Trigger} has no literal schedule (an expression, or an invalid value) and is not scheduled")]
    private static partial void LogSkipped(ILogger logger, string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule pass failed; retrying after the refresh interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
