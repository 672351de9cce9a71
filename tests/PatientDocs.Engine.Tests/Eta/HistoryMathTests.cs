using PatientDocs.Engine.Runtime.Eta;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Eta;

public sealed class HistoryMathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_TakesTheMedianTailAfterEachActivity_AndTheRunFromPermitToCompletion()
    {
        var finished = new List<(InstanceRecord, IReadOnlyList<TaskRecord>)>
        {
            Finished("a", finishedAfter: 100, Done("a", "search", "docex-search", granted: 10, completed: 12), Done("a", "download", "docex-download", granted: 50, completed: 60, priority: 1)),
            Finished("b", finishedAfter: 200, Done("b", "search", "docex-search", granted: 20, completed: 21)),
            Finished("c", finishedAfter: 300, Done("c", "search", "docex-search", granted: 30, completed: 34)),
        };

        var history = HistoryMath.Build(finished, q => q.StartsWith("docex", StringComparison.Ordinal) ? "DocEx.Shared" : q);

        Assert.Equal(3, history.Instances);
        Assert.Equal(new ActivityHistory(TimeSpan.FromSeconds(179), TimeSpan.FromSeconds(2), 3), history.Activities["search"]);
        Assert.Equal(new ActivityHistory(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10), 1), history.Activities["download"]);
        // One download outranked three searches: each search waits for a third of a permit more.
        Assert.Equal(1 + (1 / 3.0), history.DrawPerTask[("docex-search", 0)], 6);
        Assert.Equal(1, history.DrawPerTask[("docex-download", 1)]);
    }

    [Fact]
    public void Build_WithNoFinishedInstance_IsEmpty()
    {
        Assert.Same(DefinitionHistory.Empty, HistoryMath.Build([], q => q));
    }

    private static (InstanceRecord, IReadOnlyList<TaskRecord>) Finished(string id, int finishedAfter, params TaskRecord[] tasks) =>
        (StoreSamples.Instance(id, T0, subStatus: WorkflowSubStatus.Finished) with { Status = WorkflowStatus.Finished, FinishedAt = T0.AddSeconds(finishedAfter) }, tasks);

    private static TaskRecord Done(string instanceId, string activityId, string queue, int granted, int completed, int priority = 0) =>
        StoreSamples.Task($"{instanceId}-{activityId}", queue, T0, priority, instanceId: instanceId) with
        {
            ActivityId = activityId,
            State = TaskState.Completed,
            PermitGrantedAt = T0.AddSeconds(granted),
            CompletedAt = T0.AddSeconds(completed),
        };
}
