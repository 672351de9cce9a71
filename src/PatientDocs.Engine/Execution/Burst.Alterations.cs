using System.Text.Json;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>Alterations (Elsa's ScheduleActivity, ModifyVariable, CancelActivity, Migrate) and the workflow-level timeout.</summary>
internal sealed partial class Burst
{
    private readonly List<string> cancelledTaskBookmarks = [];
    private List<string>? alterationLog;

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
                    var invalidated = Reschedule(schedule.ActivityId);
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
                case ScheduleActivity schedule when ScheduleProblem(schedule.ActivityId) is { } problem:
                    problems.Add(problem);
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

    private string? ScheduleProblem(string activityId)
    {
        if (!model.ActivitiesById.ContainsKey(activityId))
        {
            return $"Activity '{activityId}' does not exist in version {definition.Version} of the workflow.";
        }

        var holding = ScopesHolding(activityId);
        if (holding.Count > 1)
        {
            return $"Activity '{activityId}' runs in {holding.Count} parallel branches of a container; schedule the container instead.";
        }

        if (holding.Count == 1)
        {
            return holding[0].GraphNodeId.EndsWith(FlowGraph.SlotSuffix, StringComparison.Ordinal)
                ? $"Activity '{activityId}' is a child of a structured container (a Sequence, an If, a loop); schedule the container instead."
                : null;
        }

        if (model.Root is { } root && model.RootIsFlowchart && root.ById.ContainsKey(activityId) && !scopes.ContainsKey(RootScope))
        {
            return null;
        }

        return $"Activity '{activityId}' is inside a container that is not running now; schedule the container instead.";
    }

    private List<ScopeState> ScopesHolding(string activityId) =>
        scopes.Values.Where(s => model.Graphs.TryGetValue(s.GraphNodeId, out var graph) && graph.ById.ContainsKey(activityId)).ToList();

    // A copy, so the kept counters of the last run are never shared with the live scope.
    private static ScopeState Clone(ScopeState scope) =>
        JsonSerializer.Deserialize<ScopeState>(JsonSerializer.Serialize(scope, InstanceState.Json), InstanceState.Json)!;
}
