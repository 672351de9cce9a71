using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Execution;

/// <summary>Bookmarks inside every container suspend the instance and resume it from the persisted state in a later burst.</summary>
public sealed class StructuredSuspensionTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Each container wrapped around one "waiting" body, so that the body runs exactly once.</summary>
    private static readonly string[] ContainerNames = ["Sequence", "If", "Switch", "ForEach", "While", "For", "Fork", "Parallel", "ParallelForEach", "Flowchart"];

    public static TheoryData<string> Containers() => new(ContainerNames);

    private static JsonObject Around(string container, JsonObject body, string id = "c") => container switch
    {
        "Sequence" => Seq(id, body),
        "If" => A(id, "Elsa.If", ("condition", Lit(true)), ("then", body)),
        "Switch" => A(id, "Elsa.Switch", ("cases", new JsonArray(new JsonObject { ["label"] = "A", ["condition"] = new JsonObject { ["type"] = "Literal", ["value"] = true }, ["activity"] = body }))),
        "ForEach" => A(id, "Elsa.ForEach", ("items", LitList("only")), ("body", body)),
        "While" => A(id, "Elsa.While", ("condition", Js($"return !variables.Done_{id};")), ("body", Seq($"{id}-wb", body, A($"{id}-done", "Elsa.SetVariable", ("variable", $"Done_{id}"), ("value", Lit(true)))))),
        "For" => A(id, "Elsa.For", ("start", Lit(1)), ("end", Lit(1)), ("body", body)),
        "Fork" => A(id, "Elsa.Fork", ("branches", new JsonArray(body))),
        "Parallel" => A(id, "Elsa.Parallel", ("activities", new JsonArray(body))),
        "ParallelForEach" => A(id, "Elsa.ParallelForEach", ("items", LitList("only")), ("body", body)),
        _ => Flow(id, body),
    };

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var outer in ContainerNames)
        {
            foreach (var inner in ContainerNames)
            {
                data.Add(outer, inner);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Delay_InsideAnyTwoNestedContainers_SuspendsAndResumes(string outer, string inner)
    {
        var h = new Harness();
        var body = Seq("body", Delay("wait"), WriteLine("inside", "inside"));
        h.Start(Root(Seq("root", Around(outer, Around(inner, body, "inner"), "outer"), WriteLine("after", "after")), ("Done_inner", "Boolean", "false"), ("Done_outer", "Boolean", "false")));
        Assert.Empty(h.Lines);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, h.ResumeDueTimers());

        Assert.Equal(["inside", "after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    private static PatientDocs.Engine.Definitions.WorkflowDefinition Waiting(string container, JsonObject wait) =>
        Root(Seq("root", WriteLine("before", "before"), Around(container, Seq("body", wait, WriteLine("inside", "inside"))), WriteLine("after", "after")), ("Done_c", "Boolean", "false"));

    [Theory]
    [MemberData(nameof(Containers))]
    public void Delay_InsideEachContainer_SuspendsAndResumesFromTheStoredState(string container)
    {
        var h = new Harness();
        var start = h.Start(Waiting(container, Delay("wait")));
        Assert.Equal(WorkflowSubStatus.Suspended, start.SubStatus);
        Assert.Equal(["before"], h.Lines);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, h.ResumeDueTimers());

        Assert.Equal(["before", "inside", "after"], h.Lines);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (h.Last!.Status, h.Last.SubStatus));
    }

    [Theory]
    [MemberData(nameof(Containers))]
    public void Event_InsideEachContainer_ResumesWithItsPayload(string container)
    {
        var h = new Harness();
        var wait = A("wait", "Elsa.Event", ("eventName", Lit("go")), ("result", Out("Payload")));
        h.Start(Root(Seq("root", Around(container, Seq("body", wait, A("w", "Elsa.WriteLine", ("text", Var("Payload")))))), ("Payload", "String", null), ("Done_c", "Boolean", "false")));
        var bookmark = Assert.Single(h.Bookmarks);
        Assert.Equal((BookmarkKind.Event, "go"), (bookmark.Kind, bookmark.Name));

        h.Resume(bookmark.Id, JsonValue.Create("hello"));

        Assert.Equal(["hello"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void TaskActivity_InEachIterationOfAForEach_GetsItsOwnKeyAndResumesTheLoop()
    {
        var h = new Harness();
        h.Start(Root(A("loop", "Elsa.ForEach", ("items", LitList("a", "b")), ("body", Seq("body",
            A("fetch", "Test.Fetch", ("url", Js("return 'http://x/' + getVariable('CurrentValue');")), ("body", Out("Body"))),
            A("w", "Elsa.WriteLine", ("text", Var("Body")))))), ("Body", "String", null)));

        var first = Assert.Single(h.Tasks);
        h.Resume(first.BookmarkId, Success("A"));
        var second = h.Tasks[1];
        h.Resume(second.BookmarkId, Success("B"));

        Assert.Equal(("http://x/a", "http://x/b"), (first.Input["url"]!.GetValue<string>(), second.Input["url"]!.GetValue<string>()));
        Assert.NotEqual(first.IdempotencyKey, second.IdempotencyKey);
        Assert.Equal(["A", "B"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void ForkWaitAny_ResumedBranch_CancelsTheOtherWaitingBranch()
    {
        var h = new Harness();
        h.Start(Root(Seq("root",
            A("fork", "Elsa.Fork", ("joinMode", "WaitAny"), ("branches", new JsonArray(
                Seq("b1", Delay("slow", "01:00:00"), WriteLine("w1", "slow")),
                Seq("b2", A("ev", "Elsa.Event", ("eventName", Lit("go"))), WriteLine("w2", "event"))))),
            WriteLine("after", "after"))));
        Assert.Equal(2, h.Bookmarks.Count);

        var result = h.Resume(h.Bookmarks.Single(b => b.Kind == BookmarkKind.Event).Id);

        Assert.Equal(["event", "after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Empty(h.Bookmarks);
        Assert.Contains(h.Journal, j => j.ActivityId == "slow" && j.EventName == "Cancelled");
    }

    [Fact]
    public void Cancel_WhileSuspendedInsideALoop_RemovesEverything()
    {
        var h = new Harness();
        h.Start(Root(A("loop", "Elsa.ForEach", ("items", LitList(1, 2)), ("body", Delay("wait")))));

        var result = h.Cancel();

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Cancelled), (result.Status, result.SubStatus));
        Assert.Empty(h.Bookmarks);
    }

    [Fact]
    public void Fault_InsideASequence_IsAnIncident_AndRetryGoesOnFromTheFaultedActivity()
    {
        var h = new Harness();
        h.Start(Root(Seq("seq", WriteLine("a", "a"), A("fetch", "Test.Fetch", ("url", Lit("http://x"))), WriteLine("b", "b"))));
        h.Resume(h.Tasks[0].BookmarkId, JsonSerializer.SerializeToNode(new TaskResumePayload { Succeeded = false, Error = "boom" }, Web));
        Assert.Equal(WorkflowSubStatus.Faulted, h.Last!.SubStatus);

        h.Retry();
        h.Resume(h.Tasks[^1].BookmarkId, Success("ok"));

        Assert.Equal(["a", "b"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void ForEach_OfFiveThousandItems_InOneBurst_KeepsNoPerIterationState()
    {
        var h = new Harness(maxJournal: 1_000);
        var result = h.Start(Root(Seq("root",
            A("loop", "Elsa.ForEach", ("items", Lit(Enumerable.Range(0, 5_000))), ("body", Seq("body", A("w", "Elsa.WriteLine", ("text", Var("CurrentValue")))))),
            WriteLine("end", "end"))));

        Assert.Equal(5_001, h.Lines.Count);
        Assert.Equal("4999", h.Lines[^2]);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Empty(h.StateObject["containers"]!.AsArray());
        Assert.InRange(result.StateJson.Length, 0, 2_000);
    }

    [Fact]
    public void ForEach_OfFiveThousandItems_SuspendingEveryFiveHundred_PersistsTheSameSmallState()
    {
        var h = new Harness();
        var pauses = Enumerable.Range(0, 5_000).Select(i => i % 500 == 499);
        h.Start(Root(A("loop", "Elsa.ForEach", ("items", Lit(pauses)), ("body", Seq("body",
            A("if", "Elsa.If", ("condition", Var("CurrentValue")), ("then", A("wait", "Elsa.Event", ("eventName", Lit("next"))))),
            A("w", "Elsa.WriteLine", ("text", Var("CurrentIndex"))))))));
        var sizes = new List<int>();
        while (h.Bookmarks.Count > 0)
        {
            sizes.Add(h.State!.Length);
            h.Resume(h.Bookmarks[0].Id);
        }

        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
        Assert.Equal(10, sizes.Count);

        // Suspended at item 499 and at item 4,999 the state holds the same scopes and records; only the index's digits differ.
        Assert.InRange(sizes[^1] - sizes[0], 0, 4);
        Assert.InRange(sizes[^1], 0, 5_000);
    }

    private static JsonNode Success(string body) => JsonSerializer.SerializeToNode(new TaskResumePayload { Succeeded = true, Outputs = new JsonObject { ["body"] = body } }, Web)!;
}
