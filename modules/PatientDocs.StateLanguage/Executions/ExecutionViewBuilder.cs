using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Compiling;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.StateLanguage.Executions;

/// <summary>
/// The execution view as a pure function of the engine's records: each execution of a state's activity is one step, a
/// Parallel's step ends with its merge, and the compensation activity's output lists one step per compensation it ran.
/// </summary>
public static class ExecutionViewBuilder
{
    public static ExecutionView Build(ExecutionRecords records)
    {
        var outcome = InstanceOutcome.From(records.Instance);
        var steps = Steps(records, outcome);
        return new ExecutionView
        {
            ExecutionId = records.Instance.Id,
            WorkflowName = records.Map.Name,
            WorkflowVersion = records.Map.Version,
            Status = outcome.Status,
            CurrentState = outcome.CurrentState ?? steps.LastOrDefault()?.StateName,
            Input = outcome.Input,
            Output = outcome.Data,
            Error = outcome.Error,
            Cause = outcome.Cause,
            StartedAt = records.Instance.CreatedAt,
            EndedAt = outcome.EndedAt,
            Steps = steps,
        };
    }

    private static List<StepView> Steps(ExecutionRecords records, InstanceOutcome outcome)
    {
        var found = new List<(DateTimeOffset At, int Sequence, int Sub, StepView Step)>();
        var openParallels = new Dictionary<string, Queue<int>>();
        var sequences = records.StartSequences ?? new Dictionary<string, long>();
        var ordered = records.Executions
            .Select((e, i) => (Execution: e, Index: i))
            .OrderBy(x => x.Execution.StartedAt)
            .ThenBy(x => sequences.TryGetValue(x.Execution.Id, out var sequence) ? sequence : long.MaxValue)
            .ThenBy(x => x.Index)
            .ToList();
        var waiting = records.Bookmarks.Select(b => b.ActivityId).ToHashSet();
        for (var sequence = 0; sequence < ordered.Count; sequence++)
        {
            var execution = ordered[sequence].Execution;
            if (!records.Map.Activities.TryGetValue(execution.ActivityId, out var mapped))
            {
                continue;
            }

            switch (mapped.Role)
            {
                case StepRole.State when mapped.Type == StateTypes.Parallel:
                    found.Add((execution.StartedAt, sequence, 0, ParallelStart(execution, mapped)));
                    Enqueue(openParallels, ParallelKey(mapped), found.Count - 1);
                    break;
                case StepRole.State:
                    found.Add((execution.StartedAt, sequence, 0, StateStep(execution, mapped, records.Tasks, waiting)));
                    break;
                case StepRole.ParallelMerge when openParallels.TryGetValue(ParallelKey(mapped), out var open) && open.Count > 0:
                    var index = open.Dequeue();
                    found[index] = found[index] with { Step = ParallelEnd(found[index].Step, execution) };
                    break;
                case StepRole.Compensate:
                    var sub = 0;
                    foreach (var step in Compensations(execution))
                    {
                        found.Add((step.StartedAt, sequence, sub++, step));
                    }

                    break;
            }
        }

        var steps = found.OrderBy(s => s.At).ThenBy(s => s.Sequence).ThenBy(s => s.Sub).Select(s => s.Step).ToList();

        // A step the engine left open when the execution ended (cancel, an incident's end) did not run to its end.
        if (outcome.Status != ExecutionStatuses.Running && outcome.EndedAt is { } ended)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Status is StepStatuses.Running or StepStatuses.Waiting)
                {
                    steps[i] = steps[i] with { Status = StepStatuses.Cancelled, EndedAt = steps[i].EndedAt ?? ended };
                }
            }
        }

        return steps;
    }

    private static StepView StateStep(ActivityExecutionRecord execution, MappedActivity mapped, IReadOnlyList<TaskRecord> tasks, HashSet<string> waiting)
    {
        var outputs = Parse(execution.Outputs);
        var error = InstanceOutcome.Text(outputs, "error");
        var status = execution.Status switch
        {
            ActivityExecutionStatus.Running when mapped.Type == StateTypes.Wait && (execution.HasBookmarks || waiting.Contains(execution.ActivityId)) => StepStatuses.Waiting,
            ActivityExecutionStatus.Running => StepStatuses.Running,
            ActivityExecutionStatus.Canceled => StepStatuses.Cancelled,
            ActivityExecutionStatus.Faulted => StepStatuses.Failed,
            _ => error is not null || mapped.Type == StateTypes.Fail ? StepStatuses.Failed : StepStatuses.Completed,
        };
        var output = mapped.Type switch
        {
            StateTypes.Task => outputs?["output"],
            StateTypes.Pass or StateTypes.Wait => outputs?["result"] ?? outputs?["data"],
            _ => null,
        };
        return new StepView
        {
            StepId = execution.Id,
            StateName = mapped.State,
            Type = mapped.Type,
            Status = status,
            Attempts = mapped.Type == StateTypes.Task ? Attempts(execution, outputs, tasks) : null,
            Input = Parse(execution.ActivityState)?["data"]?.DeepClone(),
            Output = execution.Status == ActivityExecutionStatus.Running ? null : output?.DeepClone(),
            Error = error,
            Cause = InstanceOutcome.Text(outputs, "cause"),
            StartedAt = execution.StartedAt,
            EndedAt = execution.CompletedAt,
            Branch = mapped.Branch,
        };
    }

    private static int? Attempts(ActivityExecutionRecord execution, JsonObject? outputs, IReadOnlyList<TaskRecord> tasks)
    {
        if (outputs?["attempts"] is JsonValue value && value.TryGetValue<int>(out var attempts))
        {
            return attempts;
        }

        // Still running: the task row counts the attempts made so far, and the one under way is one more.
        var task = tasks.Where(t => t.ActivityId == execution.ActivityId && t.CreatedAt >= execution.StartedAt).MaxBy(t => t.CreatedAt)
            ?? tasks.Where(t => t.ActivityId == execution.ActivityId).MaxBy(t => t.CreatedAt);
        return task is null ? null : task.State == TaskState.Running ? task.Attempts + 1 : task.Attempts;
    }

    private static StepView ParallelStart(ActivityExecutionRecord execution, MappedActivity mapped) => new()
    {
        StepId = execution.Id,
        StateName = mapped.State,
        Type = StateTypes.Parallel,
        Status = execution.Status switch
        {
            ActivityExecutionStatus.Faulted => StepStatuses.Failed,
            ActivityExecutionStatus.Canceled => StepStatuses.Cancelled,
            _ => StepStatuses.Running,
        },
        Input = Parse(execution.ActivityState)?["data"]?.DeepClone(),
        StartedAt = execution.StartedAt,
        Branch = mapped.Branch,
    };

    private static StepView ParallelEnd(StepView start, ActivityExecutionRecord merge)
    {
        var outputs = Parse(merge.Outputs);
        return start with
        {
            Status = merge.Status switch
            {
                ActivityExecutionStatus.Running => StepStatuses.Running,
                ActivityExecutionStatus.Canceled => StepStatuses.Cancelled,
                ActivityExecutionStatus.Faulted => StepStatuses.Failed,
                _ => InstanceOutcome.Text(outputs, "error") is null ? StepStatuses.Completed : StepStatuses.Failed,
            },
            Output = outputs?["branches"]?.DeepClone(),
            Error = InstanceOutcome.Text(outputs, "error"),
            Cause = InstanceOutcome.Text(outputs, "cause"),
            EndedAt = merge.CompletedAt,
        };
    }

    private static IEnumerable<StepView> Compensations(ActivityExecutionRecord execution)
    {
        if (Parse(execution.Outputs)?["compensations"] is not JsonArray compensations)
        {
            yield break;
        }

        for (var i = 0; i < compensations.Count; i++)
        {
            if (compensations[i] is not JsonObject c)
            {
                continue;
            }

            yield return new StepView
            {
                StepId = $"{execution.Id}:{i}",
                StateName = InstanceOutcome.Text(c, "state") ?? "",
                Type = StateTypes.Compensation,
                Status = InstanceOutcome.Text(c, "status") ?? StepStatuses.Completed,
                Attempts = c["attempts"] is JsonValue a && a.TryGetValue<int>(out var attempts) ? attempts : null,
                Output = c["output"]?.DeepClone(),
                Error = InstanceOutcome.Text(c, "error"),
                Cause = InstanceOutcome.Text(c, "cause"),
                StartedAt = Time(c, "startedAt") ?? execution.StartedAt,
                EndedAt = Time(c, "endedAt"),
                Branch = c["branch"] is JsonValue b && b.TryGetValue<int>(out var branch) ? branch : null,
            };
        }
    }

    private static string ParallelKey(MappedActivity mapped) => $"{mapped.State}#{mapped.Branch}";

    private static void Enqueue(Dictionary<string, Queue<int>> open, string key, int index)
    {
        if (!open.TryGetValue(key, out var queue))
        {
            open[key] = queue = new Queue<int>();
        }

        queue.Enqueue(index);
    }

    private static DateTimeOffset? Time(JsonObject node, string name) =>
        node[name] is JsonValue v && v.TryGetValue<DateTimeOffset>(out var at) ? at
        : InstanceOutcome.Text(node, name) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static JsonObject? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
