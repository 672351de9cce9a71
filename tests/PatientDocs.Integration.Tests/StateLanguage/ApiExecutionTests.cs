using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.StateLanguage.Storage;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>
/// The executions half of the contract: start (idempotent), read with steps, list, cancel, events; Wait, Parallel and
/// compensation through the API.
/// </summary>
public abstract class ApiExecutionTests : ApiTestBase
{
    [StoreFact]
    public async Task Start_201_TheSameKeyAndBody200WithTheSameBody_ADifferentBody409_UnknownWorkflow404()
    {
        var key = Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["workflowName"] = ApiRequests.Sample, ["input"] = new JsonObject { ["orderId"] = "o-1", ["amount"] = 10 } };
        var reordered = new JsonObject { ["input"] = new JsonObject { ["amount"] = 10.0, ["orderId"] = "o-1" }, ["workflowName"] = ApiRequests.Sample };
        var different = new JsonObject { ["workflowName"] = ApiRequests.Sample, ["input"] = new JsonObject { ["orderId"] = "o-2" } };

        using var first = await Client.StartAsync(body, key);
        using var repeat = await Client.StartAsync(reordered, key);
        using var changed = await Client.StartAsync(different, key);
        using var unknown = await Client.StartAsync(new JsonObject { ["workflowName"] = ApiRequests.UniqueName("none") });
        using var unknownVersion = await Client.StartAsync(new JsonObject { ["workflowName"] = ApiRequests.Sample, ["version"] = "9.9" });
        using var invalid = await Client.StartAsync(new JsonObject { ["input"] = new JsonObject() });
        using var badInput = await Client.StartAsync(new JsonObject { ["workflowName"] = ApiRequests.Sample, ["input"] = new JsonArray() });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var started = await first.ReadObjectAsync();
        Assert.Equal("RUNNING", started.Str("status"));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(started.ToJsonString(), (await repeat.ReadObjectAsync()).ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unknown.StatusCode, unknownVersion.StatusCode));
        Assert.Equal("workflowName", await invalid.ProblemFieldAsync());
        Assert.Equal("input", await badInput.ProblemFieldAsync());
        var done = await Client.WaitForEndAsync(started.Str("executionId"));
        Assert.Equal("SUCCEEDED", done.Str("status"));
    }

    [StoreFact]
    public async Task IdempotencyKey_OlderThan24Hours_IsIgnoredAndReplaced()
    {
        var store = Server.Services.GetRequiredService<StateLanguageStore>();
        var key = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var old = new IdempotencyKeyRow { Key = key, Request = "{}", ExecutionId = "old", CreatedAt = now - TimeSpan.FromHours(25) };
        var fresh = new IdempotencyKeyRow { Key = key, Request = "{}", ExecutionId = "new", CreatedAt = now };

        Assert.True(await store.ClaimKeyAsync(old));
        Assert.Null(await store.FindKeyAsync(key, now));
        Assert.True(await store.ClaimKeyAsync(fresh));
        Assert.False(await store.ClaimKeyAsync(new IdempotencyKeyRow { Key = key, Request = "{}", ExecutionId = "racer", CreatedAt = now }));
        Assert.Equal("new", (await store.FindKeyAsync(key, now))!.ExecutionId);
        Assert.Equal("new", (await store.FindKeyAsync(key, now + TimeSpan.FromHours(23)))!.ExecutionId);
    }

    [StoreFact]
    public async Task GetExecution_AndItsStepsByIdAndByStateName_Unknown404OnEveryRoute()
    {
        var id = await Client.StartIdAsync(ApiRequests.Sample, new JsonObject { ["orderId"] = "o-3" });
        var done = await Client.WaitForEndAsync(id);
        var firstStep = done["steps"]![0]!;

        var byId = await (await Client.GetAsync($"/workflow-executions/{id}/steps/{firstStep.Str("stepId")}")).ReadObjectAsync();
        var byName = await (await Client.GetAsync($"/workflow-executions/{id}/steps/process_payment")).ReadObjectAsync();
        using var noStep = await Client.GetAsync($"/workflow-executions/{id}/steps/no_such_state");
        var missing = Guid.NewGuid().ToString("N");
        using var get = await Client.GetAsync($"/workflow-executions/{missing}");
        using var step = await Client.GetAsync($"/workflow-executions/{missing}/steps/x");
        using var cancel = await Client.PutAsync($"/workflow-executions/{missing}/cancel", null);
        using var send = await Client.PostAsync($"/workflow-executions/{missing}/events/go", ApiJson.RawJson("{}"));

        Assert.Equal((ApiRequests.Sample, "1.0", "SUCCEEDED", "order_success"), (done.Str("workflowName"), done.Str("workflowVersion"), done.Str("status"), done.Str("currentState")));
        Assert.Equal("o-3", done["input"].Str("orderId"));
        Assert.Equal("o-3", done["output"].Str("orderId"));
        Assert.NotNull(done["startedAt"]);
        Assert.NotNull(done["endedAt"]);
        Assert.Equal(firstStep.ToJsonString(), byId.ToJsonString());
        Assert.Equal(("process_payment", "Task", "COMPLETED", 1), (byName.Str("stateName"), byName.Str("type"), byName.Str("status"), byName.Int("attempts")));
        Assert.All(new[] { noStep, get, step, cancel, send }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    [StoreFact]
    public async Task ListExecutions_FiltersByWorkflowAndStatus_PagesNewestFirst_AndRejectsBadNumbers()
    {
        var name = ApiRequests.UniqueName("list");
        using var registered = await Client.RegisterJsonAsync(ApiDefinitionTests.Definition(
            name,
            "decide",
            ("decide", new JsonObject { ["type"] = "Choice", ["choices"] = new JsonArray(new JsonObject { ["condition"] = new JsonObject { ["variable"] = "$.ok", ["booleanEquals"] = true }, ["next"] = "yes" }), ["default"] = "no" }),
            ("yes", new JsonObject { ["type"] = "Success" }),
            ("no", new JsonObject { ["type"] = "Fail", ["error"] = "Nope", ["cause"] = "not ok" })));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var ids = new List<string>();
        foreach (var ok in new[] { true, false, true })
        {
            var id = await Client.StartIdAsync(name, new JsonObject { ["ok"] = ok });
            await Client.WaitForEndAsync(id);
            ids.Add(id);
        }

        var all = await (await Client.GetAsync($"/workflow-executions?workflowName={name}")).ReadObjectAsync();
        var succeeded = await (await Client.GetAsync($"/workflow-executions?workflowName={name}&status=SUCCEEDED")).ReadObjectAsync();
        var failed = await (await Client.GetAsync($"/workflow-executions?workflowName={name}&status=FAILED")).ReadObjectAsync();
        var page = await (await Client.GetAsync($"/workflow-executions?workflowName={name}&limit=1&offset=1")).ReadObjectAsync();
        var straddling = await (await Client.GetAsync($"/workflow-executions?workflowName={name}&limit=2&offset=1")).ReadObjectAsync();
        var running = await (await Client.GetAsync($"/workflow-executions?workflowName={name}&status=RUNNING")).ReadObjectAsync();
        var cancelled = await (await Client.GetAsync($"/workflow-executions?workflowName={name}&status=CANCELLED")).ReadObjectAsync();

        Assert.Equal(3, all.Int("total"));
        Assert.Equal(Enumerable.Reverse(ids), all["items"]!.AsArray().Select(i => i.Str("executionId")));
        Assert.Equal((2, 1), (succeeded.Int("total"), failed.Int("total")));
        var summary = failed["items"]![0]!;
        Assert.Equal((ids[1], name, "1.0", "FAILED", "no"), (summary.Str("executionId"), summary.Str("workflowName"), summary.Str("workflowVersion"), summary.Str("status"), summary.Str("currentState")));
        Assert.NotNull(summary["endedAt"]);
        Assert.Equal((3, ids[1]), (page.Int("total"), page["items"]!.AsArray().Single().Str("executionId")));
        Assert.Equal([ids[1], ids[0]], straddling["items"]!.AsArray().Select(i => i.Str("executionId")));
        Assert.Equal((0, 0), (running.Int("total"), cancelled.Int("total")));
        foreach (var query in new[] { "limit=-1", "limit=x", "offset=-1", "limit=0", "status=DONE" })
        {
            using var response = await Client.GetAsync($"/workflow-executions?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(query.Split('=')[0], await response.ProblemFieldAsync());
        }

        using var capped = await Client.GetAsync($"/workflow-executions?limit=500");
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode);
        Assert.True((await capped.ReadObjectAsync())["items"]!.AsArray().Count <= 100);
    }

    [StoreFact]
    public async Task Cancel_WhileWaiting200Cancelled_AndAgain409()
    {
        var name = await RegisterAsync(
            "cancel",
            "hold",
            ("hold", new JsonObject { ["type"] = "Wait", ["seconds"] = 100_000, ["next"] = "done" }),
            ("done", new JsonObject { ["type"] = "Success" }));
        var id = await Client.StartIdAsync(name);
        await Client.WaitForAsync(id, e => e["steps"]!.AsArray().Any(s => s.Str("status") == "WAITING"));
        var runningBefore = await (await Client.GetAsync($"/workflow-executions?workflowName={name}&status=RUNNING")).ReadObjectAsync();

        using var cancel = await Client.PutAsync($"/workflow-executions/{id}/cancel", null);
        using var again = await Client.PutAsync($"/workflow-executions/{id}/cancel", null);
        var after = await Client.GetExecutionAsync(id);
        var cancelledAfter = await (await Client.GetAsync($"/workflow-executions?workflowName={name}&status=CANCELLED")).ReadObjectAsync();

        Assert.Equal(id, runningBefore["items"]!.AsArray().Single().Str("executionId"));
        Assert.Equal(id, cancelledAfter["items"]!.AsArray().Single().Str("executionId"));

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await cancel.ReadObjectAsync();
        Assert.Equal(("CANCELLED", "hold"), (cancelled.Str("status"), cancelled.Str("currentState")));
        Assert.NotNull(cancelled["endedAt"]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["hold:Wait:CANCELLED"], after.StepLines());
    }

    [StoreFact]
    public async Task Event_ResumesTheWaitAndMergesItsPayload_202_409WhenNotWaitingForIt_400ForANonObject()
    {
        var name = await RegisterAsync(
            "event",
            "approval",
            ("approval", new JsonObject { ["type"] = "Wait", ["event"] = "approved", ["next"] = "check" }),
            ("check", new JsonObject { ["type"] = "Choice", ["choices"] = new JsonArray(new JsonObject { ["condition"] = new JsonObject { ["variable"] = "$.by", ["stringEquals"] = "ann" }, ["next"] = "done" }), ["default"] = "rejected" }),
            ("done", new JsonObject { ["type"] = "Success" }),
            ("rejected", new JsonObject { ["type"] = "Fail", ["error"] = "Rejected" }));
        var id = await Client.StartIdAsync(name, new JsonObject { ["order"] = 7 });
        await Client.WaitForAsync(id, e => e["steps"]!.AsArray().Any(s => s.Str("status") == "WAITING"));

        using var other = await Client.PostAsync($"/workflow-executions/{id}/events/shipped", ApiJson.RawJson("{}"));
        using var notObject = await Client.PostAsync($"/workflow-executions/{id}/events/approved", ApiJson.RawJson("[1,2]"));
        using var sent = await Client.PostAsync($"/workflow-executions/{id}/events/approved", ApiJson.RawJson("""{"by":"ann"}"""));
        var done = await Client.WaitForEndAsync(id);
        using var late = await Client.PostAsync($"/workflow-executions/{id}/events/approved", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("body", await notObject.ProblemFieldAsync());
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal("SUCCEEDED", done.Str("status"));
        Assert.Equal((7, "ann"), (done["output"].Int("order"), done["output"].Str("by")));
        Assert.Equal(["approval:Wait:COMPLETED", "check:Choice:COMPLETED", "done:Success:COMPLETED"], done.StepLines());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [StoreFact]
    public async Task WaitSecondsAndParallel_EachStateIsAStep_BranchStepsCarryTheirIndex_AndBranchOutputsMergeUnderTheParallel()
    {
        var branch = (string state, int n) => new JsonObject
        {
            ["startAt"] = state,
            ["states"] = new JsonObject { [state] = new JsonObject { ["type"] = "Pass", ["result"] = new JsonObject { [state] = n }, ["end"] = true } },
        };
        var name = await RegisterAsync(
            "par",
            "pause",
            ("pause", new JsonObject { ["type"] = "Wait", ["seconds"] = 1, ["next"] = "both" }),
            ("both", new JsonObject { ["type"] = "Parallel", ["branches"] = new JsonArray(branch("left", 1), branch("right", 2)), ["next"] = "done" }),
            ("done", new JsonObject { ["type"] = "Success" }));

        var done = await Client.WaitForEndAsync(await Client.StartIdAsync(name, new JsonObject { ["seed"] = 1 }));

        Assert.Equal("SUCCEEDED", done.Str("status"));
        Assert.Equal(["pause:Wait:COMPLETED", "both:Parallel:COMPLETED", "done:Success:COMPLETED"], done.StepLines().Where(l => !l.StartsWith("left", StringComparison.Ordinal) && !l.StartsWith("right", StringComparison.Ordinal)));
        Assert.Equal(0, done.Step("left")["branch"]!.GetValue<int>());
        Assert.Equal(1, done.Step("right")["branch"]!.GetValue<int>());
        var outputs = done.Step("both")["output"]!.AsArray();
        Assert.Equal((1, 2), (outputs[0].Int("left"), outputs[1].Int("right")));
        Assert.Equal(outputs.ToJsonString(), done["output"]!["both"]!.ToJsonString());
    }

    [StoreFact]
    public async Task Compensation_RunsTheCompletedTasksInReverse_AFailedOneIsAFailedStep_AndTheRestStillRun()
    {
        var name = await RegisterAsync(
            "comp",
            "book",
            ("book", new JsonObject { ["type"] = "Task", ["resource"] = "hotel.book", ["compensation"] = "hotel.cancel", ["next"] = "pay" }),
            ("pay", new JsonObject { ["type"] = "Task", ["resource"] = "card.charge", ["compensation"] = "card.refund", ["next"] = "ship" }),
            ("ship", new JsonObject { ["type"] = "Task", ["resource"] = "courier.send", ["catch"] = new JsonArray(new JsonObject { ["errorType"] = "States.ALL", ["next"] = "failed" }), ["end"] = true }),
            ("failed", new JsonObject { ["type"] = "Fail", ["error"] = "ShippingFailed", ["cause"] = "no courier" }));
        var input = new JsonObject
        {
            ["mock"] = new JsonObject
            {
                ["courier.send"] = new JsonObject { ["alwaysFail"] = true, ["errorType"] = "CourierDown" },
                ["card.refund"] = new JsonObject { ["alwaysFail"] = true },
            },
        };

        var done = await Client.WaitForEndAsync(await Client.StartIdAsync(name, input));

        Assert.Equal(("FAILED", "ShippingFailed", "no courier", "failed"), (done.Str("status"), done.Str("error"), done.Str("cause"), done.Str("currentState")));
        Assert.Equal(
            ["book:Task:COMPLETED", "pay:Task:COMPLETED", "ship:Task:FAILED", "failed:Fail:FAILED", "pay:Compensation:FAILED", "book:Compensation:COMPLETED"],
            done.StepLines());
        Assert.Equal("CourierDown", done.Step("ship").Str("error"));
        Assert.Equal("TaskFailed", done.Step("pay", "Compensation").Str("error"));
        var compensation = done.Step("book", "Compensation");
        var byId = await (await Client.GetAsync($"/workflow-executions/{done.Str("executionId")}/steps/{compensation.Str("stepId")}")).ReadObjectAsync();
        Assert.Equal(compensation.ToJsonString(), byId.ToJsonString());
    }

    private async Task<string> RegisterAsync(string prefix, string startAt, params (string Name, JsonObject State)[] states)
    {
        var name = ApiRequests.UniqueName(prefix);
        using var response = await Client.RegisterJsonAsync(ApiDefinitionTests.Definition(name, startAt, states));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return name;
    }
}
