using System.Text.Json;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>Alterations (Elsa's ScheduleActivity, ModifyVariable, CancelActivity, Migrate) and the workflow-level timeout.</summary>
internal sealed partial class Burst
{
    private readonly List<string> cancelledTaskBookmarks = [];
    private readonly List<string> cancelledChildren = [];
    private readonly List<string> cancelledBulkBookmarks = [];
    private List<string>? alterationLog;
    private bool reopened;

    /// <summary>Applies the alterations in order, all or none: a problem with any of them changes nothing.</summary>
    public BurstResult Alter(AlterStimulus alter)
    {
        var problems = alter.Alterations.Count == 0 ? ["The alterations could not be read."] : AlterationProblems(alter.Alterations);
        if (problems.Count > 0)
        {
            return Ignore(string.Join(" ", problems)) with { AlterationLog = problems };
        }

        alterationLog = [];
        var wasFinished = state.Status == WorkflowStatus.Finished;
        var reopens = alter.Alterations.Any(a => a is ScheduleActivity);
        if (reopens)
        {
            // The instance wakes (from its end, a wait or a fault): its progress stream continues with workflow-resumed.
            JournalResumption();
        }

        if (wasFinished && reopens)
        {
            // Back to running: the same instance continues where the scheduled activity is.
            alterationLog.Add($"The instance was {state.SubStatus} and runs again.");
            state.Status = WorkflowStatus.Running;
            state.SubStatus = WorkflowSubStatus.Executing;
            state.FinishedAt = null;

            // How it ended (a TimedOut incident) is undone with the end itself.
            state.Incidents.RemoveAll(i => i.ActivityId.Length == 0);

            // The runtime arms the timeout again for this run; one armed for an earlier run no longer counts.
            state.Reopenings = (state.Reopenings ?? 0) + 1;
            reopened = true;
        }

        foreach (var alteration in alter.Alterations)
        {
            switch (alteration)
            {
                case Migrate migrate:
                    alterationLog.Add($"Migrated from version {state.DefinitionVersion} to version {migrate.TargetVersion}.");
                    state.DefinitionVersionId = definition.VersionId;
                    state.DefinitionVersion = definition.Version;
                    break;
                case ModifyVariable modify:
                    var variable = model.Variables.First(v => v.Id == modify.VariableId || v.Name == modify.VariableId);
                    state.Variables[variable.Name] = Typed(modify.Value, variable.TypeName);
                    alterationLog.Add($"Variable '{variable.Name}' set to {state.Variables[variable.Name]?.ToJsonString() ?? "null"}.");
                    break;
                case CancelActivity cancel:
                    CancelRunning(cancel.ActivityId);
                    alterationLog.Add($"Activity '{cancel.ActivityId}' cancelled.");
                    break;
                case ScheduleActivity schedule:
                    // Checked before anything changed; an earlier alteration of the same request may have moved it since.
                    if (FindScheduleTarget(schedule.ActivityId, out var late) is not { } target)
                    {
                        alterationLog.Add(late!);
                        break;
                    }

                    var invalidated = Reschedule(target);
                    alterationLog.Add($"Activity '{schedule.ActivityId}' scheduled; {invalidated.Count - 1} downstream activities invalidated.");
                    break;
            }
        }

        if (wasFinished && !reopens)
        {
            // A finished instance keeps its end (Finished, Cancelled or Faulted); only its data changed.
            return Ignore("") with { Ignored = false, IgnoredReason = null, Journal = journal, AlterationLog = alterationLog };
        }

        RunLoop();
        return Finish();
    }

    /// <summary>Ends the instance as faulted with the reason TimedOut: its waits are cancelled (the runtime cancels its tasks and children).</summary>
    public BurstResult TimeOut(TimeoutStimulus timeout)
    {
        if (timeout.Reopenings != (state.Reopenings ?? 0))
        {
            return Ignore("The timeout was armed before the instance was re-opened; the re-opened run has its own.");
        }

        EndOpenWork();
        var message = $"TimedOut: the workflow ran longer than its timeout{(timeout.Timeout is { } t ? $" of {t}" : "")}.";
        AddIncident("", model.Root?.NodeId ?? "", model.RootType ?? "Elsa.Flowchart", message);
        JournalWorkflow(JournalEvents.WorkflowFaulted, message);
        finished = true;
        finishedAs = WorkflowSubStatus.Faulted;
        return Finish();
    }

    /// <summary>What the instance's state refuses (the request's own fields were checked against the definition already).</summary>
    private List<string> AlterationProblems(IReadOnlyList<Alteration> alterations)
    {
        var problems = new List<string>();
        foreach (var alteration in alterations)
        {
            switch (alteration)
            {
                case Migrate migrate:
                    problems.AddRange(MigrationProblems(migrate));
                    break;
                case ModifyVariable modify when !model.Variables.Exists(v => v.Id == modify.VariableId || v.Name == modify.VariableId):
                    problems.Add($"Variable '{modify.VariableId}' is not declared by the workflow.");
                    break;
                case CancelActivity cancel when !state.Bookmarks.Exists(b => b.ActivityId == cancel.ActivityId) && !state.Containers.Exists(c => c.ActivityId == cancel.ActivityId):
                    problems.Add($"Activity '{cancel.ActivityId}' is not running or suspended in this instance, so there is nothing to cancel.");
                    break;
                case ScheduleActivity schedule when FindScheduleTarget(schedule.ActivityId, out var problem) is null:
                    problems.Add(problem!);
                    break;
            }
        }

        return problems;
    }

    private IEnumerable<string> MigrationProblems(Migrate migrate)
    {
        if (definition.Version != migrate.TargetVersion)
        {
            yield return $"Version {migrate.TargetVersion} was asked for, but the burst runs on version {definition.Version}.";
            yield break;
        }

        foreach (var waiting in state.Bookmarks.Select(b => (b.ScopeId, b.ActivityId))
            .Concat(state.Containers.Select(c => (c.ScopeId, c.ActivityId)))
            .Concat(state.Queue.Select(q => (q.ScopeId, q.ActivityId)))
            .Concat(state.Faulted.Select(f => (f.ScopeId, f.ActivityId)))
            .Distinct())
        {
            if (!scopes.TryGetValue(waiting.ScopeId, out var scope) || !FindActivity(scope, waiting.ActivityId, out _))
            {
                yield return $"Activity '{waiting.ActivityId}', where the instance is waiting, does not exist in version {migrate.TargetVersion}: migration refused.";
            }
        }
    }

    private List<ScopeState> ScopesHolding(string activityId) =>
        scopes.Values.Where(s => model.Graphs.TryGetValue(s.GraphNodeId, out var graph) && graph.ById.ContainsKey(activityId)).ToList();

    // A copy, so the kept counters of the last run are never shared with the live scope.
    private static ScopeState Clone(ScopeState scope) =>
        JsonSerializer.Deserialize<ScopeState>(JsonSerializer.Serialize(scope, InstanceState.Json), InstanceState.Json)!;
}
