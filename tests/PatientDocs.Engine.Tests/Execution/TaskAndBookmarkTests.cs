using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Execution;

public sealed class TaskAndBookmarkTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static PatientDocs.Engine.Definitions.WorkflowDefinition FetchThenWrite() => Def(
        [A("s", "Elsa.Start"), A("fetch", "Test.Fetch", ("url", Js("return 'http://x/' + getInput('id');")), ("size", Lit("7")), ("body", Out("Body"))), A("w", "Elsa.WriteLine", ("text", Js("return variables.Body + '|' + getOutputFrom('fetch', 'body');")))],
        [C("s", "fetch"), C("fetch", "w")],
        ("Body", "String", null));

    private static JsonNode Success(string body) => JsonSerializer.SerializeToNode(new TaskResumePayload { Succeeded = true, Outputs = new JsonObject { ["body"] = body } }, Web)!;

    private static JsonNode Failure(string error) => JsonSerializer.SerializeToNode(new TaskResumePayload { Succeeded = false, Error = error }, Web)!;

    [Fact]
    public void TaskActivity_EmitsARequestAndSuspendsOnATaskBookmark()
    {
        var h = new Harness();
        var result = h.Start(FetchThenWrite(), new JsonObject { ["id"] = "42" });

        var task = Assert.Single(result.Tasks);
        Assert.Equal(("fetch", "Test.Fetch", "fetch", 3, 7L, "inst-1:fetch"), (task.ActivityId, task.Handler, task.Queue, task.Priority, task.Weight, task.IdempotencyKey));
        Assert.Equal("http://x/42", task.Input["url"]!.GetValue<string>());
        var bookmark = Assert.Single(result.NewBookmarks);
        Assert.Equal((BookmarkKind.Task, task.BookmarkId), (bookmark.Kind, bookmark.Id));
        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
    }

    [Fact]
    public void TaskActivity_ResumedWithSuccess_BindsOutputsAndContinues()
    {
        var h = new Harness();
        var start = h.Start(FetchThenWrite(), new JsonObject { ["id"] = "42" });

        var result = h.Resume(start.Tasks[0].BookmarkId, Success("payload"));

        Assert.Equal(["payload|payload"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
    }

    [Fact]
    public void TaskActivity_ResumedWithFailure_FaultsAndRetryReemitsTheSameKey()
    {
        var h = new Harness();
        var start = h.Start(FetchThenWrite(), new JsonObject { ["id"] = "42" });

        var failed = h.Resume(start.Tasks[0].BookmarkId, Failure("503 from upstream"));
        Assert.Equal(WorkflowSubStatus.Faulted, failed.SubStatus);
        var incident = h.StateObject["incidents"]![0]!;
        Assert.Equal(("fetch", "Test.Fetch", "503 from upstream"), (incident["activityId"]!.GetValue<string>(), incident["activityType"]!.GetValue<string>(), incident["message"]!.GetValue<string>()));

        var retried = h.Retry();
        var task = Assert.Single(retried.Tasks);
        Assert.Equal("inst-1:fetch", task.IdempotencyKey);
        Assert.Equal(0, retried.IncidentCount);
        Assert.Equal(WorkflowSubStatus.Suspended, retried.SubStatus);

        h.Resume(task.BookmarkId, Success("ok"));
        Assert.Equal(["ok|ok"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void TaskActivity_InALoop_GetsADistinctKeyPerPass()
    {
        var h = new Harness();
        var start = h.Start(Def(
            [A("s", "Elsa.Start"), A("fetch", "Test.Fetch"), A("c", "Test.Counter", ("limit", Lit(2)))],
            [C("s", "fetch"), C("fetch", "c"), C("c", "fetch", "Again")],
            ("Count", "Int32", "0")));

        var second = h.Resume(start.Tasks[0].BookmarkId, Success("1"));

        Assert.Equal(["inst-1:fetch", "inst-1:fetch:2"], h.Tasks.Select(t => t.IdempotencyKey));
        h.Resume(second.Tasks[0].BookmarkId, Success("2"));
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void Resume_OfAConsumedBookmark_IsIgnoredWithAReason()
    {
        var h = new Harness();
        var start = h.Start(Def([A("e", "Elsa.Event", ("eventName", Lit("Go"))), A("d", "Elsa.Delay", ("timeSpan", Lit("00:01:00")))], [C("e", "d")]));
        var id = start.NewBookmarks[0].Id;
        h.Resume(id);

        var again = h.Interpreter.Run(h.InstanceId, h.Definition!, h.State, new ResumeStimulus(id, null));

        Assert.True(again.Ignored);
        Assert.Contains("already consumed", again.IgnoredReason);
    }

    [Fact]
    public void Cancel_RemovesEveryBookmarkAndEndsCancelled()
    {
        var h = new Harness();
        var start = h.Start(Def([A("s", "Elsa.Start"), A("e", "Elsa.Event", ("eventName", Lit("Go"))), A("d", "Elsa.Delay", ("timeSpan", Lit("00:01:00")))], [C("s", "e"), C("s", "d")]));

        var result = h.Cancel();

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Cancelled), (result.Status, result.SubStatus));
        Assert.Equal(start.NewBookmarks.Select(b => b.Id).Order(), result.RemovedBookmarkIds.Order());
        Assert.True(h.Interpreter.Run(h.InstanceId, h.Definition!, h.State, new CancelStimulus()).Ignored);
    }

    [Fact]
    public void Journal_RecordsStartedSuspendedResumedCompletedWithExecutionRecords()
    {
        var h = new Harness();
        var start = h.Start(Def([A("d", "Elsa.Delay", ("timeSpan", Lit("00:00:01")))], []));
        var suspended = Assert.Single(start.ActivityExecutions);
        Assert.True(suspended.HasBookmarks);
        Assert.Equal(ActivityExecutionStatus.Running, suspended.Status);

        var resumed = h.Resume(start.NewBookmarks[0].Id);

        // The instance's own suspension and resumption are journalled too (for the progress streams).
        Assert.Equal(["Started", "Started", "Suspended", "WorkflowSuspended", "WorkflowResumed", "Resumed", "Completed", "Completed"], h.Journal.Select(j => j.EventName));
        var completed = Assert.Single(resumed.ActivityExecutions);
        Assert.Equal((suspended.Id, ActivityExecutionStatus.Completed), (completed.Id, completed.Status));
        Assert.Equal(h.Journal.Select(j => j.Sequence).Order(), h.Journal.Select(j => j.Sequence));
    }

    [Fact]
    public void UnknownActivityType_FaultsWithoutThrowing()
    {
        var h = new Harness();
        var result = h.Start(Def([A("x", "Acme.Missing")], []));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("Acme.Missing", h.StateObject["incidents"]![0]!["message"]!.GetValue<string>());
    }
}
