using System.Text.Json.Nodes;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Execution;

public sealed class BuiltInActivityTests
{
    [Fact]
    public void WriteLine_AfterStart_WritesItsTextAndFinishes()
    {
        var h = new Harness();
        var result = h.Start(Def([A("s", "Elsa.Start"), WriteLine("w", "hello")], [C("s", "w")]));

        Assert.Equal(["hello"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
    }

    [Fact]
    public void SetVariable_ThenWriteLineOfVariable_WritesTheNewValue()
    {
        var h = new Harness();
        h.Start(Def(
            [A("set", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "id-Name", ["name"] = "Name" }), ("value", Lit("Ada"))), A("w", "Elsa.WriteLine", ("text", Var("Name")))],
            [C("set", "w")],
            ("Name", "String", "nobody")));

        Assert.Equal(["Ada"], h.Lines);
        Assert.Equal("Ada", h.StateObject["variables"]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public void SetOutput_SetsTheWorkflowOutput()
    {
        var h = new Harness();
        h.Start(Def([A("o", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Lit(42)))], []));

        Assert.Equal(42, h.StateObject["output"]!["Result"]!.GetValue<int>());
    }

    [Fact]
    public void End_CompletesTheFlowchartAndSkipsPendingBranches()
    {
        var h = new Harness();
        var result = h.Start(Def(
            [A("s", "Elsa.Start"), A("end", "Elsa.End"), A("d", "Elsa.Delay", ("timeSpan", Lit("00:00:05")))],
            [C("s", "end"), C("s", "d")]));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(h.Bookmarks);
    }

    [Fact]
    public void Finish_RemovesOutstandingBookmarks()
    {
        var h = new Harness();
        var result = h.Start(Def(
            [A("s", "Elsa.Start"), A("d", "Elsa.Delay", ("timeSpan", Lit("00:00:05"))), A("f", "Elsa.Finish")],
            [C("s", "d"), C("s", "f")]));

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Empty(h.Bookmarks);
    }

    [Fact]
    public void Fault_FaultsTheInstanceWithAnIncident()
    {
        var h = new Harness();
        var result = h.Start(Def([A("f", "Elsa.Fault", ("code", Lit("42")), ("message", Lit("broken")))], []));

        Assert.Equal(WorkflowStatus.Running, result.Status);
        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(1, result.IncidentCount);
        var incident = h.StateObject["incidents"]![0]!;
        Assert.Equal("f", incident["activityId"]!.GetValue<string>());
        Assert.Equal("Elsa.Fault", incident["activityType"]!.GetValue<string>());
        Assert.Equal("42: broken", incident["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("true", "yes")]
    [InlineData("false", "no")]
    public void FlowDecision_FollowsThePortOfTheCondition(string condition, string expected)
    {
        var h = new Harness();
        h.Start(Def(
            [A("d", "Elsa.FlowDecision", ("condition", Lit(condition))), WriteLine("yes", "yes"), WriteLine("no", "no")],
            [C("d", "yes", "True"), C("d", "no", "False")]));

        Assert.Equal([expected], h.Lines);
    }

    [Theory]
    [InlineData("MatchFirst", new[] { "a" })]
    [InlineData("MatchAny", new[] { "a", "b" })]
    public void FlowSwitch_FollowsMatchingCasesByMode(string mode, string[] expected)
    {
        var h = new Harness();
        var cases = new JsonArray(
            new JsonObject { ["label"] = "A", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "1 < 2" } },
            new JsonObject { ["label"] = "B", ["condition"] = new JsonObject { ["type"] = "Literal", ["value"] = "true" } },
            new JsonObject { ["label"] = "C", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "false" } });
        h.Start(Def(
            [A("sw", "Elsa.FlowSwitch", ("cases", cases), ("mode", Lit(mode))), WriteLine("a", "a"), WriteLine("b", "b"), WriteLine("c", "c"), WriteLine("x", "default")],
            [C("sw", "a", "A"), C("sw", "b", "B"), C("sw", "c", "C"), C("sw", "x", "Default")]));

        Assert.Equal(expected, h.Lines);
    }

    [Fact]
    public void FlowSwitch_WithNoMatch_FollowsDefault()
    {
        var h = new Harness();
        var cases = new JsonArray(new JsonObject { ["label"] = "A", ["condition"] = new JsonObject { ["type"] = "Literal", ["value"] = "false" } });
        h.Start(Def([A("sw", "Elsa.FlowSwitch", ("cases", cases)), WriteLine("a", "a"), WriteLine("x", "default")], [C("sw", "a", "A"), C("sw", "x", "Default")]));

        Assert.Equal(["default"], h.Lines);
    }

    [Fact]
    public void FlowFork_FollowsEveryBranchInOrder()
    {
        var h = new Harness();
        h.Start(Def(
            [A("f", "Elsa.FlowFork", ("branches", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"One\",\"Two\"]" } })), WriteLine("1", "one"), WriteLine("2", "two")],
            [C("f", "1", "One"), C("f", "2", "Two")]));

        Assert.Equal(["one", "two"], h.Lines);
    }

    [Fact]
    public void Delay_CreatesATimerDueAfterTheDurationDividedByTimeScale()
    {
        var h = new Harness(timeScale: 10);
        var result = h.Start(Def([A("d", "Elsa.Delay", ("timeSpan", Lit("00:01:00")))], []));

        var bookmark = Assert.Single(result.NewBookmarks);
        Assert.Equal(BookmarkKind.Timer, bookmark.Kind);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromSeconds(6), bookmark.DueAt);
        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
    }

    [Fact]
    public void Delay_IsResumedByTheHarnessExactlyAtDueTimeAndNotBefore()
    {
        var h = new Harness();
        h.Start(Def([A("d", "Elsa.Delay", ("timeSpan", Lit("00:00:05"))), WriteLine("w", "after")], [C("d", "w")]));

        h.Time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(0, h.ResumeDueTimers());
        Assert.Empty(h.Lines);

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, h.ResumeDueTimers());
        Assert.Equal(["after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void Event_WithCorrelation_BookmarkCarriesTheInstanceCorrelationAndPayloadBindsToVariable()
    {
        var h = new Harness();
        var result = h.Start(
            Def([A("e", "Elsa.Event", ("eventName", Lit("Approved")), ("result", Out("Payload"))), A("w", "Elsa.WriteLine", ("text", Js("return variables.Payload.by;")))], [C("e", "w")], ("Payload", "Object", null)),
            correlationId: "order-7");

        var bookmark = Assert.Single(result.NewBookmarks);
        Assert.Equal((BookmarkKind.Event, "Approved", "order-7"), (bookmark.Kind, bookmark.Name, bookmark.CorrelationId));

        h.Resume(bookmark.Id, new JsonObject { ["by"] = "Grace" });

        Assert.Equal(["Grace"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void Event_WithoutCorrelation_BookmarkHasNoCorrelation()
    {
        var h = new Harness();
        var result = h.Start(Def([A("e", "Elsa.Event", ("eventName", Lit("Ping")))], []));

        Assert.Null(Assert.Single(result.NewBookmarks).CorrelationId);
    }

    [Fact]
    public void HttpEndpoint_AsStart_OutputsTheRequestBody()
    {
        var h = new Harness();
        h.Start(
            Def([A("http", "Elsa.HttpEndpoint", ("path", Lit("p")), ("parsedContent", Out("Body"))), A("w", "Elsa.WriteLine", ("text", Js("return getOutputFrom('http', 'parsedContent').patientId;")))], [C("http", "w")], ("Body", "Object", null)),
            input: new JsonObject { ["body"] = new JsonObject { ["patientId"] = "P-1" } });

        Assert.Equal(["P-1"], h.Lines);
        Assert.Equal("P-1", h.StateObject["variables"]!["Body"]!["patientId"]!.GetValue<string>());
    }

    [Fact]
    public void WriteHttpResponse_CarriesTheResponseOutOfTheBurst_NotIntoTheState()
    {
        var h = new Harness();
        var result = h.Start(Def([A("r", "Elsa.WriteHttpResponse", ("statusCode", Lit("Created")), ("content", Lit("Hello World!")), ("responseHeaders", Lit("""{"X-Id":["7"]}""")))], []));

        var response = result.HttpResponse!;
        Assert.Equal((201, "Hello World!", "text/plain"), (response.StatusCode, response.Content, response.ContentType));
        Assert.Equal(["7"], response.Headers["X-Id"]);
        Assert.Null(h.StateObject["properties"]!["httpResponse"]);
    }

    [Fact]
    public void WriteHttpResponse_ObjectContent_IsSentAsJson()
    {
        var h = new Harness();
        var result = h.Start(Def([A("r", "Elsa.WriteHttpResponse", ("statusCode", Lit("404")), ("content", Js("return { missing: 'order' };")))], []));

        Assert.Equal(404, result.HttpResponse!.StatusCode);
        Assert.Equal("application/json", result.HttpResponse.ContentType);
        Assert.Equal("""{"missing":"order"}""", result.HttpResponse.Content);
    }

    [Fact]
    public void WriteHttpResponse_UnknownStatus_Faults()
    {
        var h = new Harness();
        var result = h.Start(Def([A("r", "Elsa.WriteHttpResponse", ("statusCode", Lit("Teapot")))], []));

        Assert.Null(result.HttpResponse);
        Assert.Equal(1, result.IncidentCount);
    }

    [Fact]
    public void Correlate_SetsTheCorrelationId()
    {
        var h = new Harness();
        var result = h.Start(Def([A("c", "Elsa.Correlate", ("correlationId", Lit("abc")))], []));

        Assert.Equal("abc", result.CorrelationId);
    }

    [Fact]
    public void RunJavaScript_OutputsItsResult()
    {
        var h = new Harness();
        h.Start(Def([A("js", "Elsa.RunJavaScript", ("script", Lit("return 6 * 7;")), ("result", Out("R"))), A("w", "Elsa.WriteLine", ("text", Var("R")))], [C("js", "w")], ("R", "Object", null)));

        Assert.Equal(["42"], h.Lines);
    }
}
