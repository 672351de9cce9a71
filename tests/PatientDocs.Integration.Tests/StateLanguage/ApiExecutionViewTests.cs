using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Compiling;
using PatientDocs.StateLanguage.Executions;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>The execution view as a pure function of hand-built engine records: statuses, steps, Parallel, compensation.</summary>
public sealed class ApiExecutionViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly StateMap Map = new("orders", "1.0", new Dictionary<string, MappedActivity>
    {
        ["a-validate"] = new("validate", "Task"),
        ["a-decide"] = new("decide", "Choice"),
        ["a-wait"] = new("wait", "Wait"),
        ["a-par"] = new("fanout", "Parallel"),
        ["a-par-merge"] = new("fanout", "Parallel", StepRole.ParallelMerge),
        ["a-b0"] = new("left", "Task", Branch: 0),
        ["a-b1"] = new("right", "Pass", Branch: 1),
        ["a-fail"] = new("failed", "Fail"),
        ["a-comp"] = new("compensate", "Compensation", StepRole.Compensate),
        ["a-done"] = new("done", "Success"),
    });

    [Fact]
    public void Succeeded_ListsOneStepPerStateVisited_WithTheirDataAndTheFinalOutput()
    {
        var records = Records(
            Instance(WorkflowStatus.Finished, WorkflowSubStatus.Finished, new JsonObject { ["status"] = "SUCCEEDED", ["currentState"] = "done", ["data"] = new JsonObject { ["ok"] = true } }),
            Execution("e1", "a-validate", 0, 1, ActivityExecutionStatus.Completed, new JsonObject { ["x"] = 1 }, new JsonObject { ["output"] = new JsonObject { ["valid"] = true }, ["attempts"] = 2 }),
            Execution("e2", "a-decide", 2, 2, ActivityExecutionStatus.Completed, new JsonObject { ["x"] = 1, ["valid"] = true }, null),
            Execution("e3", "a-done", 3, 3, ActivityExecutionStatus.Completed, null, null),
            Execution("e0", "not-a-state", 0, 0, ActivityExecutionStatus.Completed, null, null));

        var view = ExecutionViewBuilder.Build(records);

        Assert.Equal(("SUCCEEDED", "done", "orders", "1.0"), (view.Status, view.CurrentState, view.WorkflowName, view.WorkflowVersion));
        Assert.Equal(["validate", "decide", "done"], view.Steps.Select(s => s.StateName));
        Assert.All(view.Steps, s => Assert.Equal("COMPLETED", s.Status));
        var task = view.Steps[0];
        Assert.Equal(("e1", "Task", 2), (task.StepId, task.Type, task.Attempts));
        Assert.Equal("""{"x":1}""", task.Input!.ToJsonString());
        Assert.Equal("""{"valid":true}""", task.Output!.ToJsonString());
        Assert.Null(view.Steps[1].Output);
        Assert.Null(view.Steps[1].Attempts);
        Assert.Equal("""{"ok":true}""", view.Output!.ToJsonString());
        Assert.Equal(T0.AddSeconds(10), view.EndedAt);
        Assert.Same(view.Steps[0], view.FindStep("validate"));
        Assert.Same(view.Steps[2], view.FindStep("e3"));
        Assert.Null(view.FindStep("nowhere"));
    }

    [Fact]
    public void Running_TaskCountsTheAttemptUnderWay_AndAWaitWithABookmarkIsWaiting()
    {
        var running = Records(
            Instance(WorkflowStatus.Running, WorkflowSubStatus.Suspended, null),
            Execution("e1", "a-validate", 0, null, ActivityExecutionStatus.Running, null, null));
        running = running with { Tasks = [Task("a-validate", TaskState.Running, attempts: 1)] };
        var waiting = Records(
            Instance(WorkflowStatus.Running, WorkflowSubStatus.Suspended, null),
            Execution("e2", "a-wait", 1, null, ActivityExecutionStatus.Running, null, null, hasBookmarks: true));

        var task = ExecutionViewBuilder.Build(running);
        var wait = ExecutionViewBuilder.Build(waiting);

        Assert.Equal(("RUNNING", "validate", "RUNNING", 2), (task.Status, task.CurrentState, task.Steps[0].Status, task.Steps[0].Attempts));
        Assert.Null(task.EndedAt);
        Assert.Equal(("RUNNING", "wait", "WAITING"), (wait.Status, wait.CurrentState, wait.Steps[0].Status));
    }

    [Fact]
    public void CaughtError_EndsTheTaskStepFailed_AndTheFailStateFailsTheExecution()
    {
        var records = Records(
            Instance(WorkflowStatus.Finished, WorkflowSubStatus.Finished, new JsonObject { ["status"] = "FAILED", ["error"] = "OrderFailed", ["cause"] = "no", ["currentState"] = "failed" }),
            Execution("e1", "a-validate", 0, 1, ActivityExecutionStatus.Completed, null, new JsonObject { ["error"] = "ValidationError", ["cause"] = "bad", ["attempts"] = 3 }),
            Execution("e2", "a-fail", 2, 2, ActivityExecutionStatus.Completed, null, new JsonObject { ["error"] = "OrderFailed", ["cause"] = "no" }));

        var view = ExecutionViewBuilder.Build(records);

        Assert.Equal(("FAILED", "OrderFailed", "no", "failed"), (view.Status, view.Error, view.Cause, view.CurrentState));
        Assert.Null(view.Output);
        Assert.Equal(("FAILED", "ValidationError", "bad", 3), (view.Steps[0].Status, view.Steps[0].Error, view.Steps[0].Cause, view.Steps[0].Attempts));
        Assert.Equal(("FAILED", "Fail"), (view.Steps[1].Status, view.Steps[1].Type));
    }

    [Fact]
    public void Parallel_StepRunsUntilItsMerge_BranchStepsCarryTheirIndex()
    {
        var open = Records(
            Instance(WorkflowStatus.Running, WorkflowSubStatus.Suspended, null),
            Execution("p", "a-par", 0, 0, ActivityExecutionStatus.Completed, new JsonObject { ["n"] = 1 }, null),
            Execution("l", "a-b0", 1, null, ActivityExecutionStatus.Running, null, null),
            Execution("r", "a-b1", 1, 2, ActivityExecutionStatus.Completed, null, new JsonObject { ["result"] = new JsonObject { ["r"] = 1 } }));
        var merged = open with
        {
            Executions =
            [
                .. open.Executions.Where(e => e.Id != "l"),
                Execution("l", "a-b0", 1, 3, ActivityExecutionStatus.Completed, null, new JsonObject { ["output"] = new JsonObject() }),
                Execution("m", "a-par-merge", 4, 4, ActivityExecutionStatus.Completed, null, new JsonObject { ["branches"] = new JsonArray(new JsonObject { ["l"] = 1 }, new JsonObject { ["r"] = 1 }) }),
            ],
        };

        var before = ExecutionViewBuilder.Build(open);
        var after = ExecutionViewBuilder.Build(merged);

        Assert.Equal(["fanout", "left", "right"], before.Steps.Select(s => s.StateName));
        Assert.Equal(("RUNNING", (DateTimeOffset?)null), (before.Steps[0].Status, before.Steps[0].EndedAt));
        Assert.Equal([null, 0, 1], before.Steps.Select(s => s.Branch));
        Assert.Equal("""{"r":1}""", before.Steps[2].Output!.ToJsonString());
        var parallel = after.Steps.Single(s => s.Type == "Parallel");
        Assert.Equal(("p", "COMPLETED", T0.AddSeconds(4)), (parallel.StepId, parallel.Status, parallel.EndedAt));
        Assert.Equal("""[{"l":1},{"r":1}]""", parallel.Output!.ToJsonString());
        Assert.Equal(3, after.Steps.Count);
    }

    [Fact]
    public void Compensation_ListsOneStepPerCompensationRun_NamedByTheCompensatedTask()
    {
        var compensations = new JsonArray(
            new JsonObject { ["state"] = "right", ["resource"] = "x.undo", ["branch"] = 1, ["status"] = "FAILED", ["error"] = "TaskFailed", ["cause"] = "boom", ["attempts"] = 1, ["startedAt"] = T0.AddSeconds(6).ToString("O"), ["endedAt"] = T0.AddSeconds(7).ToString("O") },
            new JsonObject { ["state"] = "validate", ["resource"] = "y.undo", ["status"] = "COMPLETED", ["output"] = new JsonObject(), ["attempts"] = 1, ["startedAt"] = T0.AddSeconds(7).ToString("O"), ["endedAt"] = T0.AddSeconds(8).ToString("O") });
        var records = Records(
            Instance(WorkflowStatus.Finished, WorkflowSubStatus.Finished, new JsonObject { ["status"] = "FAILED", ["error"] = "E", ["currentState"] = "failed" }),
            Execution("e1", "a-validate", 0, 1, ActivityExecutionStatus.Completed, null, new JsonObject { ["output"] = new JsonObject(), ["attempts"] = 1 }),
            Execution("f", "a-fail", 5, 5, ActivityExecutionStatus.Completed, null, new JsonObject { ["error"] = "E" }),
            Execution("c", "a-comp", 6, 8, ActivityExecutionStatus.Completed, null, new JsonObject { ["compensations"] = compensations }));

        var view = ExecutionViewBuilder.Build(records);

        var steps = view.Steps.Where(s => s.Type == "Compensation").ToList();
        Assert.Equal(["c:0", "c:1"], steps.Select(s => s.StepId));
        Assert.Equal(["right", "validate"], steps.Select(s => s.StateName));
        Assert.Equal(["FAILED", "COMPLETED"], steps.Select(s => s.Status));
        Assert.Equal((1, "TaskFailed", "boom"), (steps[0].Branch, steps[0].Error, steps[0].Cause));
        Assert.Equal("failed", view.CurrentState);
        Assert.Equal("Task", view.FindStep("validate")!.Type);
        Assert.Same(steps[1], view.FindStep("c:1"));
    }

    [Fact]
    public void Cancelled_EndsAtTheCancel_AndAStepLeftOpenIsCancelled()
    {
        var records = Records(
            Instance(WorkflowStatus.Finished, WorkflowSubStatus.Cancelled, null),
            Execution("w", "a-wait", 0, null, ActivityExecutionStatus.Running, null, null, hasBookmarks: true));

        var view = ExecutionViewBuilder.Build(records);

        Assert.Equal(("CANCELLED", "wait", T0.AddSeconds(10)), (view.Status, view.CurrentState, view.EndedAt));
        Assert.Equal(("CANCELLED", T0.AddSeconds(10)), (view.Steps[0].Status, view.Steps[0].EndedAt));
    }

    [Fact]
    public void EngineIncident_FailsTheExecution_WithTheIncidentsMessageAsCause()
    {
        var state = new JsonObject { ["input"] = new JsonObject { ["a"] = 1 }, ["incidents"] = new JsonArray(new JsonObject { ["message"] = "script blew up" }) };
        var instance = Instance(WorkflowStatus.Running, WorkflowSubStatus.Faulted, null) with { State = state.ToJsonString() };

        var view = ExecutionViewBuilder.Build(Records(instance));

        Assert.Equal(("FAILED", "script blew up"), (view.Status, view.Cause));
        Assert.Equal("""{"a":1}""", view.Input!.ToJsonString());
    }

    private static ExecutionRecords Records(InstanceRecord instance, params ActivityExecutionRecord[] executions) => new(instance, Map, executions, [], []);

    private static InstanceRecord Instance(WorkflowStatus status, WorkflowSubStatus subStatus, JsonObject? output) => new()
    {
        Id = "i1",
        DefinitionId = "state-language.orders",
        DefinitionVersionId = "v1",
        Version = 1,
        Status = status,
        SubStatus = subStatus,
        CreatedAt = T0,
        UpdatedAt = T0.AddSeconds(10),
        FinishedAt = status == WorkflowStatus.Finished ? T0.AddSeconds(10) : null,
        State = new JsonObject { ["input"] = new JsonObject { ["x"] = 1 }, ["output"] = output }.ToJsonString(),
    };

    private static ActivityExecutionRecord Execution(
        string id, string activityId, int started, int? completed, ActivityExecutionStatus status, JsonObject? data, JsonObject? outputs, bool hasBookmarks = false) => new()
        {
            Id = id,
            InstanceId = "i1",
            ActivityId = activityId,
            ActivityNodeId = "flow1:" + activityId,
            ActivityType = "StateLanguage.Test",
            StartedAt = T0.AddSeconds(started),
            CompletedAt = completed is { } c ? T0.AddSeconds(c) : null,
            Status = status,
            HasBookmarks = hasBookmarks,
            ActivityState = data is null ? null : new JsonObject { ["data"] = data }.ToJsonString(),
            Outputs = outputs?.ToJsonString(),
        };

    private static TaskRecord Task(string activityId, TaskState state, int attempts) => new()
    {
        Id = "t-" + activityId,
        Queue = "state-language",
        Handler = "StateLanguage.Task",
        InstanceId = "i1",
        ActivityId = activityId,
        IdempotencyKey = "i1:" + activityId,
        State = state,
        Attempts = attempts,
        NotBefore = T0,
        Input = "{}",
        CreatedAt = T0,
    };
}
