using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Progress;

public sealed class ProgressMapperTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static JournalRecord Record(string eventName, string? executionId, string? name = "Fetch it", string? message = null) => new()
    {
        Id = "j",
        InstanceId = "i1",
        ActivityInstanceId = executionId,
        ActivityId = executionId is null ? "root" : "fetch",
        ActivityType = executionId is null ? "Elsa.Flowchart" : "Test.Fetch",
        ActivityName = name,
        NodeId = "n",
        Timestamp = At,
        EventName = eventName,
        Message = message,
        Position = 42,
    };

    [Theory]
    [InlineData("Started", null, "workflow-started")]
    [InlineData("Completed", null, "workflow-finished")]
    [InlineData("Cancelled", null, "workflow-cancelled")]
    [InlineData("Faulted", null, "workflow-faulted")]
    [InlineData("WorkflowFaulted", null, "workflow-faulted")]
    [InlineData("WorkflowSuspended", null, "workflow-suspended")]
    [InlineData("WorkflowResumed", null, "workflow-resumed")]
    [InlineData("Started", "e1", "activity-started")]
    [InlineData("Completed", "e1", "activity-completed")]
    [InlineData("Cancelled", "e1", "activity-completed")]
    [InlineData("Faulted", "e1", "activity-faulted")]
    [InlineData("Retrying", "e1", "activity-retrying")]
    [InlineData("Retrying", null, "activity-retrying")]
    public void TypeOf_MapsJournalRecordsToStreamTypes(string eventName, string? executionId, string expected) =>
        Assert.Equal(expected, ProgressMapper.TypeOf(Record(eventName, executionId)));

    [Theory]
    [InlineData("Suspended", "e1")]
    [InlineData("Resumed", "e1")]
    [InlineData("JournalTruncated", null)]
    [InlineData("Suspended", null)]
    public void TypeOf_RecordsThatAreNotEvents_IsNull(string eventName, string? executionId) =>
        Assert.Null(ProgressMapper.TypeOf(Record(eventName, executionId)));

    [Fact]
    public void Map_ActivityEvent_CarriesTheActivityAndPosition_WorkflowEventDoesNot()
    {
        var activity = ProgressMapper.Map(Record("Faulted", "e1", message: "boom"), "orders")!;
        var workflow = ProgressMapper.Map(Record("Started", null), "orders")!;

        Assert.Equal(("activity-faulted", "i1", "orders", 42L, At), (activity.Type, activity.InstanceId, activity.DefinitionId, activity.Position, activity.At));
        Assert.Equal(("fetch", "Test.Fetch", "Fetch it", "boom"), (activity.ActivityId, activity.ActivityType, activity.ActivityName, activity.Message));
        Assert.Equal((null, null, null), (workflow.ActivityId, workflow.ActivityType, workflow.ActivityName));
    }

    [Fact]
    public void Map_CancelledActivity_IsACompletionWithStatusCancelled_AndAnUnnamedActivityGoesByItsId()
    {
        var cancelled = ProgressMapper.Map(Record("Cancelled", "e1", name: null), "orders")!;

        Assert.Equal(("activity-completed", "Cancelled", "fetch"), (cancelled.Type, cancelled.Status, cancelled.ActivityName));
        Assert.False(cancelled.IsTerminal);
        Assert.True(ProgressMapper.Map(Record("Cancelled", null), "orders")!.IsTerminal);
    }
}
