using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Http;
using PatientDocs.Integration.Tests.Orders;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Browser;

/// <summary>
/// The real Elsa Studio in headless Chromium against our server on a socket. Each test saves a screenshot to
/// artifacts/screenshots/.
/// </summary>
[Collection(StudioBrowserCollection.Name)]
public sealed class StudioBrowserTests(StudioBrowserServer server, ITestOutputHelper output)
{
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(2);

    // Three nested designers and a dozen saves: on a loaded two-core machine this drawing has taken over three minutes.
    private static readonly TimeSpan LongDrawingTimeout = TimeSpan.FromMinutes(6);
    private static readonly string[] FlowNodes = ["endpoint", "forEach", "request", "dispatch", "response"];
    private static readonly string[] FlowTypes = ["Elsa.HttpEndpoint", "Elsa.ForEach", "Elsa.SendHttpRequest", "Elsa.DispatchWorkflow", "Elsa.WriteHttpResponse"];

    [BrowserFact]
    public async Task Editor_OpensPatientDocuments_AndRendersEveryNode()
    {
        var definition = await GetDefinitionAsync(server.EditorDefinitionId, "Latest");
        var expected = ActivityIds(definition);

        var result = await NodeScript.RunAsync("editor-opens.mjs", server, output, new Dictionary<string, string>
        {
            ["PD_DEFINITION_ID"] = server.EditorDefinitionId,
            ["PD_NODE_COUNT"] = expected.Count.ToString(CultureInfo.InvariantCulture),
        });

        Assert.Equal(expected.Order(), result["nodeIds"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
    }

    [BrowserFact]
    public async Task ActivityDraggedFromTheToolbox_IsSavedAndPublishedAsANewVersion()
    {
        var before = await GetDefinitionAsync(StudioBrowserServer.DragDefinitionId, "Published");

        var result = await NodeScript.RunAsync("drag-and-publish.mjs", server, output, new Dictionary<string, string>
        {
            ["PD_DEFINITION_ID"] = StudioBrowserServer.DragDefinitionId,
            ["PD_NODE_COUNT"] = ActivityIds(before).Count.ToString(CultureInfo.InvariantCulture),
            ["PD_TOOLBOX_CATEGORY"] = "Console",
            ["PD_TOOLBOX_ACTIVITY"] = "Write Line",
        });

        var after = await GetDefinitionAsync(StudioBrowserServer.DragDefinitionId, "Published");
        Assert.Equal(before.Int("version") + 1, after.Int("version"));
        Assert.Equal(after.Int("version"), result.Int("version"));
        Assert.True(after.Bool("isPublished"));
        var added = Assert.Single(ActivityIds(after).Except(ActivityIds(before)));
        var activity = after["root"]!["activities"]!.AsArray().Single(a => a.Str("id") == added);
        Assert.Equal("Elsa.WriteLine", activity.Str("type"));
    }

    [BrowserFact]
    public async Task WorkflowTimeout_IsEditedOnTheEditorScreen_RefusedWhenMalformed_AndSavedIntoTheDefinition()
    {
        var before = await GetDefinitionAsync(StudioBrowserServer.TimeoutDefinitionId, "Latest");
        Assert.Null(before["options"]?["timeout"]);

        var result = await NodeScript.RunAsync("workflow-timeout.mjs", server, output, new Dictionary<string, string>
        {
            ["PD_DEFINITION_ID"] = StudioBrowserServer.TimeoutDefinitionId,
            ["PD_NODE_COUNT"] = ActivityIds(before).Count.ToString(CultureInfo.InvariantCulture),
        });

        Assert.Contains("model.options.timeout", result.Str("refused"));
        Assert.Contains("Timeout PT45M saved in version", result.Str("saved"));
        Assert.Equal("PT45M", result.Str("reloaded"));
        var after = await GetDefinitionAsync(StudioBrowserServer.TimeoutDefinitionId, "Latest");
        Assert.Equal("PT45M", after["options"]!["timeout"]!.GetValue<string>());
        Assert.Equal(ActivityIds(before), ActivityIds(after));
    }

    [BrowserFact]
    public async Task Run_StartsAnInstance_ThatAppearsInTheInstanceList()
    {
        var definition = await GetDefinitionAsync(StudioBrowserServer.RunDefinitionId, "Latest");

        var result = await NodeScript.RunAsync("run-and-list.mjs", server, output, new Dictionary<string, string>
        {
            ["PD_DEFINITION_ID"] = StudioBrowserServer.RunDefinitionId,
            ["PD_NODE_COUNT"] = ActivityIds(definition).Count.ToString(CultureInfo.InvariantCulture),
        });

        using var client = server.CreateApiClient();
        var instance = await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{result.Str("instanceId")}");
        Assert.Equal(StudioBrowserServer.RunDefinitionId, instance.Str("definitionId"));
    }

    [BrowserFact]
    public async Task Viewer_ShowsJournalAndCountBadges_ForAFinishedInstance()
    {
        var definition = await GetDefinitionAsync(server.EditorDefinitionId, "Published");
        var instanceId = await StartAndFinishAsync(server.EditorDefinitionId);
        using var client = server.CreateApiClient();
        var executions = await client.GetFromJsonAsync<JsonObject>($"/elsa/api/activity-execution-summaries/list?WorkflowInstanceId={instanceId}");
        var executedNodes = executions!["items"]!.AsArray().Select(i => i.Str("activityId")).Distinct().ToList();
        Assert.NotEmpty(executedNodes);

        var result = await NodeScript.RunAsync("viewer-journal.mjs", server, output, new Dictionary<string, string>
        {
            ["PD_INSTANCE_ID"] = instanceId,
            ["PD_NODE_COUNT"] = ActivityIds(definition).Count.ToString(CultureInfo.InvariantCulture),
            ["PD_EXECUTED_NODES"] = executedNodes.Count.ToString(CultureInfo.InvariantCulture),
        });

        Assert.NotEmpty(result["journal"]!.AsArray());
        var badges = result["badges"]!.AsArray();
        Assert.Equal(executedNodes.Order(), badges.Select(b => b.Str("activityId")).Order());
        Assert.All(badges, b => Assert.True(int.Parse(b.Str("count"), CultureInfo.InvariantCulture) >= 1));
    }

    [BrowserFact]
    public async Task BrowserBack_ReturnsFromTheEditorToTheDefinitionList_AndFromTheViewerToTheInstanceList()
    {
        var definition = await GetDefinitionAsync(server.EditorDefinitionId, "Latest");
        var instanceDefinition = await GetDefinitionAsync(StudioBrowserServer.FallbackDefinitionId, "Published");
        var instanceId = await StartAndFinishAsync(StudioBrowserServer.FallbackDefinitionId);

        var result = await NodeScript.RunAsync("back-button.mjs", server, output, new Dictionary<string, string>
        {
            ["PD_DEFINITION_ID"] = server.EditorDefinitionId,
            ["PD_DEFINITION_NAME"] = definition.Str("name"),
            ["PD_NODE_COUNT"] = ActivityIds(definition).Count.ToString(CultureInfo.InvariantCulture),
            ["PD_INSTANCE_ID"] = instanceId,
            ["PD_INSTANCE_NODE_COUNT"] = ActivityIds(instanceDefinition).Count.ToString(CultureInfo.InvariantCulture),
        });

        Assert.Equal(
            ["definitions", "editor", "back:definitions", "forward:editor", "instances", "viewer", "back:instances", "back:editor"],
            result["steps"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(ActivityIds(definition).Order(), result["editorNodes"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal(ActivityIds(instanceDefinition).Order(), result["viewerNodes"]!.AsArray().Select(n => n!.GetValue<string>()).Order());

        // One history entry per PatientDocs view: the definition list, the editor, the instance list, the viewer.
        Assert.Equal(1, result.Int("afterEditor"));
        Assert.Equal(3, result.Int("afterViewer"));
        Assert.Equal($"/studio/workflows/definitions/{server.EditorDefinitionId}/edit", result.Str("finalPath"));
    }

    [BrowserFact]
    public async Task SignIn_OpensTheRequestedPageOnTheSessionCookie_AndSignOutEndsTheSession()
    {
        var result = await NodeScript.RunAsync("sign-in-out.mjs", server, output, new Dictionary<string, string>());

        Assert.Equal("/studio/sign-in", result.Str("signInPath"));
        Assert.Equal("/studio/workflows/instances", result.Str("returnUrl"));
        Assert.Equal(401, result.Int("wrongStatus"));
        Assert.Equal("That key is not the server's API key.", result.Str("error"));
        Assert.Equal(302, result.Int("rightStatus"));
        Assert.Equal(200, result.Int("listStatus"));
        var apiStatuses = result["apiStatuses"]!.AsArray().Select(s => s!.GetValue<int>()).ToList();
        Assert.NotEmpty(apiStatuses);
        Assert.All(apiStatuses, status => Assert.InRange(status, 200, 299));
        Assert.True(result.Bool("httpOnly"));
        Assert.Equal("Strict", result.Str("sameSite"));
        Assert.False(result.Bool("cookieContainsKey"));
        Assert.False(result.Bool("scriptSeesCookie"));
        Assert.Equal(401, result.Int("afterSignOut"));
        Assert.False(result.Bool("cookieAfterSignOut"));
    }

    [BrowserFact]
    public async Task WorkflowBuiltFromTheToolbox_AnswersItsHttpCall_AndTheViewerJournalsEveryStep()
    {
        await using var recording = await RecordingHttpServer.StartAsync();
        var name = "Toolbox HTTP flow " + Guid.NewGuid().ToString("N")[..8];

        var result = await NodeScript.RunAsync("toolbox-http-flow.mjs", server, output, new Dictionary<string, string>
        {
            ["PD_WORKFLOW_NAME"] = name,
            ["PD_REQUEST_URL"] = recording.BaseUrl + "/tbx/greeting",
            ["PD_CHILD_NAME"] = StudioBrowserServer.ChildDefinitionName,
            ["PD_CALL_PATH"] = "/workflows/hello/ada",
        });

        Assert.Equal(200, result.Int("callStatus"));
        Assert.Equal("Hello ada", result.Str("callBody"));
        Assert.Equal("GET", Assert.Single(recording.To("/tbx/greeting")).Method);

        // The published flowchart is what the designer drew: five nodes chained through Done.
        var nodes = result["nodes"]!.AsObject();
        string Id(string node) => nodes[node]!.GetValue<string>();
        var activities = result["activities"]!.AsArray();
        JsonNode Activity(string node) => activities.Single(a => a.Str("id") == Id(node))!;
        Assert.Equal(FlowTypes, FlowNodes.Select(n => Activity(n).Str("type")));
        string[] chain = [$"{Id("endpoint")}:Done->{Id("forEach")}:In", $"{Id("forEach")}:Done->{Id("request")}:In", $"{Id("request")}:Done->{Id("dispatch")}:In", $"{Id("dispatch")}:Done->{Id("response")}:In"];
        Assert.Equal(chain.Order(StringComparer.Ordinal), result["connections"]!.AsArray().Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("JavaScript", Activity("forEach")["items"].Str("type"));
        Assert.Equal("[\"x\",\"y\"]", Activity("forEach")["items"].Str("value"));

        // Every step of the run has a completed entry in the viewer's journal.
        var journal = result["journal"]!.AsArray().Select(j => j!.GetValue<string>()).ToList();
        foreach (var node in FlowNodes)
        {
            var activityName = Activity(node).Str("name");
            Assert.Contains(journal, entry => entry.StartsWith(activityName + " ", StringComparison.Ordinal) && entry.Contains("Completed", StringComparison.Ordinal));
        }

        using var client = server.CreateApiClient();
        using var children = await client.PostAsJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["definitionId"] = StudioBrowserServer.ChildDefinitionId });
        var items = (await children.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray();
        Assert.Contains(items, i => i!["parentWorkflowInstanceId"]?.GetValue<string>() == result.Str("instanceId"));
    }

    [BrowserFact]
    public async Task IfTimerAndForEachDrawnFromTheToolbox_RunTheChosenBranchAfterTheTimer_AndTheBodyOncePerItem()
    {
        // Drawing with the mouse in Studio's designer can lose a drag on a loaded machine: the drawing is made once more, as a
        // new workflow of its own, before the test fails. Every assertion below holds for the drawing that completed.
        Task<JsonObject> Draw() => NodeScript.RunAsync("control-flow.mjs", server, output, new Dictionary<string, string>
        {
            ["PD_WORKFLOW_NAME"] = "Toolbox control flow " + Guid.NewGuid().ToString("N")[..8],
        }, LongDrawingTimeout);

        JsonObject result;
        try
        {
            result = await Draw();
        }
        catch (Xunit.Sdk.XunitException e)
        {
            output.WriteLine($"drawing again once: {e.Message.Split('\n')[0]}");
            result = await Draw();
        }

        var nodes = result["nodes"]!.AsObject();
        string Id(string node) => nodes[node]!.GetValue<string>();

        // The published definition holds what was drawn: If → ForEach at the root, the Timer → WriteLine chain in Then, a
        // WriteLine in Else and in the loop's Body, the Timer waiting inside the flow rather than starting instances.
        var root = result["publishedRoot"]!;
        Assert.Equal([$"{Id("branch")}:Done->{Id("loop")}:In"], Connections(root));
        var branch = root["activities"]!.AsArray().Single(a => a.Str("id") == Id("branch"))!;
        Assert.Equal("Elsa.If", branch.Str("type"));
        Assert.Equal("JavaScript", branch["condition"]!["expression"].Str("type"));
        Assert.Equal("[1, 2, 3].filter(n => n > 1).length === 2", branch["condition"]!["expression"].Str("value"));
        Assert.Equal([$"{Id("timer")}:Done->{Id("thenLine")}:In"], Connections(branch["then"]!));
        var timer = branch["then"]!["activities"]!.AsArray().Single(a => a.Str("id") == Id("timer"))!;
        Assert.Equal("Elsa.Timer", timer.Str("type"));
        Assert.False(timer["customProperties"]!["canStartWorkflow"]!.GetValue<bool>());
        Assert.Equal(Id("elseLine"), Assert.Single(branch["else"]!["activities"]!.AsArray()).Str("id"));
        var loop = root["activities"]!.AsArray().Single(a => a.Str("id") == Id("loop"))!;
        Assert.Equal("Elsa.ForEach", loop.Str("type"));
        Assert.Equal(Id("bodyLine"), Assert.Single(loop["body"]!["activities"]!.AsArray()).Str("id"));

        // The viewer: both root activities completed, and the Body's WriteLine carries a count of three (one per item).
        var journal = result["journal"]!.AsArray().Select(j => j!.GetValue<string>()).ToList();
        Assert.Contains(journal, entry => entry.StartsWith("If1 ", StringComparison.Ordinal) && entry.Contains("Completed", StringComparison.Ordinal));
        Assert.Contains(journal, entry => entry.StartsWith("ForEach1 ", StringComparison.Ordinal) && entry.Contains("Completed", StringComparison.Ordinal));
        Assert.Equal("3", result.Str("bodyBadge"));

        // The server's journal: Then ran after the Timer resumed, Else never started, the body once per item, the instance finished.
        using var client = server.CreateApiClient();
        var instanceId = result.Str("instanceId");
        var instance = await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}");
        Assert.Equal("Finished", instance.Str("subStatus"));
        var entries = (await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}/journal?take=1000"))!["items"]!.AsArray();
        List<string> Events(string node) => entries.Where(e => e.Str("activityId") == Id(node)).Select(e => e.Str("eventName")).ToList();
        Assert.Equal(["Started", "Suspended", "Resumed", "Completed"], Events("timer"));
        Assert.Equal(["Started", "Completed"], Events("thenLine"));
        Assert.Empty(Events("elseLine"));
        Assert.Equal(3, Events("bodyLine").Count(e => e == "Completed"));
        var sequence = entries.Select(e => $"{e.Str("activityId")}:{e.Str("eventName")}").ToList();
        Assert.True(sequence.IndexOf($"{Id("timer")}:Resumed") < sequence.IndexOf($"{Id("thenLine")}:Started"), "Then's WriteLine ran before the Timer resumed.");
        Assert.True(sequence.IndexOf($"{Id("branch")}:Completed") < sequence.IndexOf($"{Id("loop")}:Started"), "The ForEach started before the If completed.");
    }

    [BrowserFact]
    public async Task OrderWorkflows_OpenInTheDesigner_AndTheViewerJournalsAnOrdersParentAndItsShippingChild()
    {
        await using var orders = StudioModuleServer.Orders();
        using var client = orders.CreateApiClient();
        var orderId = OrderRequests.NewId();
        using (var started = await client.StartAsync(OrderRequests.Order(orderId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        await client.WaitForStateAsync(orderId, "awaiting-approval");
        using (var approved = await client.SignalAsync(orderId, "approve"))
        {
            Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        }

        var order = await client.WaitForStateAsync(orderId, "completed");
        var parentId = order.Str("instanceId");
        var childId = order.At("shipping", "instanceId");
        var child = await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{childId}");
        Assert.Equal(parentId, child.Str("parentWorkflowInstanceId"));
        Assert.Equal("order-shipping", child.Str("definitionId"));

        var lifecycle = ActivityIds((await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/order-lifecycle?versionOptions=Published"))!);
        var shipping = ActivityIds((await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/order-shipping?versionOptions=Published"))!);
        string[] parentSteps = ["Validate", "RequestReview", "ApproveEvent", "ConcludeReview", "Charge", "StartShipping", "Ship", "ShippingOutcome", "Completed"];
        string[] childSteps = ["Prepare", "Dispatch", "ReportDispatched"];

        var result = await NodeScript.RunAsync("orders-studio.mjs", orders.BaseUrl, output, new Dictionary<string, string>
        {
            ["PD_DEFINITIONS"] = new JsonArray(
                new JsonObject { ["id"] = "order-lifecycle", ["nodes"] = ToJson(lifecycle) },
                new JsonObject { ["id"] = "order-shipping", ["nodes"] = ToJson(shipping) }).ToJsonString(),
            ["PD_INSTANCES"] = new JsonArray(
                new JsonObject { ["id"] = parentId, ["nodes"] = ToJson(lifecycle), ["names"] = ToJson(parentSteps) },
                new JsonObject { ["id"] = childId, ["nodes"] = ToJson(shipping), ["names"] = ToJson(childSteps) }).ToJsonString(),
        }, LongDrawingTimeout);

        // Both designers render every node of their flowchart under the names the JSON gives them.
        var editors = result["editors"]!;
        Assert.Equal(lifecycle.Order(), Strings(editors["order-lifecycle"]!["nodeIds"]!).Order());
        Assert.Equal(shipping.Order(), Strings(editors["order-shipping"]!["nodeIds"]!).Order());
        Assert.Superset(new HashSet<string> { "Validate", "Charge", "Ship", "ReviewDeadline" }, Strings(editors["order-lifecycle"]!["labels"]!).ToHashSet());
        Assert.Superset(new HashSet<string> { "Prepare", "Dispatch", "ReportFailed" }, Strings(editors["order-shipping"]!["labels"]!).ToHashSet());

        // The viewer journals each step of the parent, and of the child that the parent's Ship ran.
        AssertJournaled(Strings(result["viewers"]![parentId]!["journal"]!), parentSteps);
        AssertJournaled(Strings(result["viewers"]![childId]!["journal"]!), childSteps);
    }

    private static void AssertJournaled(List<string> journal, IEnumerable<string> steps)
    {
        foreach (var step in steps)
        {
            Assert.Contains(journal, entry => entry.StartsWith(step + " ", StringComparison.Ordinal) && entry.Contains("Completed", StringComparison.Ordinal));
        }
    }

    private static JsonArray ToJson(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static List<string> Strings(JsonNode array) => array.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static List<string> Connections(JsonNode flowchart) =>
        flowchart["connections"]!.AsArray().Select(c => $"{c!["source"].Str("activity")}:{c["source"].Str("port")}->{c["target"].Str("activity")}:{c["target"].Str("port")}").ToList();

    private async Task<string> StartAndFinishAsync(string definitionId)
    {
        using var client = server.CreateApiClient();
        using var response = await client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject
        {
            ["input"] = new JsonObject { ["patientId"] = "P000001" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instanceId = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();

        // The instance runs in the server's own workers; its state is polled until it finishes or the deadline passes.
        var deadline = DateTimeOffset.UtcNow + FinishTimeout;
        while (true)
        {
            var state = await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}/execution-state");
            if (state.Str("status") == "Finished")
            {
                Assert.Equal("Finished", state.Str("workflowSubStatus"));
                return instanceId;
            }

            Assert.False(state.Str("workflowSubStatus") is "Faulted" or "Cancelled", $"Instance {instanceId} ended {state.Str("workflowSubStatus")}.");

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Instance {instanceId} did not finish within {FinishTimeout} (sub-status {state.Str("workflowSubStatus")}).");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private async Task<JsonObject> GetDefinitionAsync(string definitionId, string versionOptions)
    {
        using var client = server.CreateApiClient();
        return (await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions={versionOptions}"))!;
    }

    private static List<string> ActivityIds(JsonObject definition) =>
        definition["root"]!["activities"]!.AsArray().Select(a => a.Str("id")).ToList();
}
