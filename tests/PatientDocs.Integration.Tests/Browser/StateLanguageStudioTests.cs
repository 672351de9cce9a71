using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.StateLanguage;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Browser;

/// <summary>
/// A state-language workflow in the real Elsa Studio: the compiled sample is listed, drawn node by node with its ports and
/// connections, and an execution's states are journaled in the instance viewer. In the browser tests' collection so only
/// one Chromium runs at a time.
/// </summary>
[Collection(StudioBrowserCollection.Name)]
public sealed class StateLanguageStudioTests(ITestOutputHelper output)
{
    private const string DefinitionId = "state-language." + ApiRequests.Sample;

    // The sample's drawing takes a while on a loaded two-core machine, like the orders designers.
    private static readonly TimeSpan DrawingTimeout = TimeSpan.FromMinutes(6);

    [BrowserFact]
    public async Task OrderProcessingSample_IsListedAndDrawnWithEveryStateAndPort_AndTheViewerJournalsTheBackorderPath()
    {
        await using var server = StudioModuleServer.StateLanguage();
        using var client = server.CreateApiClient();
        var definition = (await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{DefinitionId}?versionOptions=Latest"))!;
        var root = definition["root"]!;
        var activityIds = root["activities"]!.AsArray().Select(a => a.Str("id")).ToList();
        var connections = root["connections"]!.AsArray()
            .Select(c => $"{c!["source"].Str("activity")}:{c["source"].Str("port")}->{c["target"].Str("activity")}").ToList();
        var states = definition["customProperties"]!["stateLanguage"]!["activities"]!.AsObject()
            .Where(a => a.Value.Str("role") == "State").Select(a => a.Key).ToList();
        Assert.Equal(10, states.Count);

        // The backorder path: the Choice takes its default, notify_backorder, then the Fail state.
        var backorder = ApiRequests.Mock("inventoryService.check", new JsonObject { ["output"] = new JsonObject { ["inventoryAvailable"] = false } });
        var executionId = await client.StartIdAsync(ApiRequests.Sample, backorder);
        var execution = await client.WaitForEndAsync(executionId);
        Assert.Equal("FAILED", execution.Str("status"));
        string[] passed = ["validate_order", "check_inventory", "inventory_decision", "notify_backorder", "order_failed"];
        Assert.Equal(passed, execution["steps"]!.AsArray().Select(s => s.Str("stateName")));

        var result = await NodeScript.RunAsync("state-language-studio.mjs", server.BaseUrl, output, new Dictionary<string, string>
        {
            ["PD_DEFINITION_ID"] = DefinitionId,
            ["PD_DEFINITION_NAME"] = definition.Str("name"),
            ["PD_NODES"] = ToJson(activityIds).ToJsonString(),
            ["PD_EDGE_COUNT"] = connections.Count.ToString(CultureInfo.InvariantCulture),
            ["PD_INSTANCE_ID"] = executionId,
            ["PD_STEPS"] = ToJson(passed).ToJsonString(),
        }, DrawingTimeout);

        // The definition list names the workflow; the designer draws every compiled activity (each state among them,
        // labelled with its name), the Task's catch port and the Choice's two ports, and every connection from its port.
        Assert.Contains(ApiRequests.Sample, result.Str("definitionRowText"), StringComparison.Ordinal);
        Assert.Equal("Yes", result.Str("readOnly"));
        var editor = result["editor"]!;
        Assert.Equal(activityIds.Order(), Strings(editor["nodeIds"]!).Order());
        Assert.Superset(states.ToHashSet(), Strings(editor["nodeIds"]!).ToHashSet());
        Assert.Superset(states.ToHashSet(), Strings(editor["labels"]!).ToHashSet());
        Assert.Equal(["Done", "Catch ValidationError", "Uncaught"], Strings(editor["ports"]!["validate_order"]!));
        Assert.Equal(["reserve_inventory", "notify_backorder"], Strings(editor["ports"]!["inventory_decision"]!));
        Assert.Equal(connections.Order(StringComparer.Ordinal), Edges(editor).Order(StringComparer.Ordinal));
        Assert.Contains("validate_order:Catch ValidationError->order_failed", Edges(editor));
        Assert.Contains("inventory_decision:reserve_inventory->reserve_inventory", Edges(editor));
        Assert.Contains("inventory_decision:notify_backorder->notify_backorder", Edges(editor));

        // The instance list holds the execution; its viewer draws the same flowchart and journals each state it passed,
        // and none of the happy path's.
        Assert.Contains(executionId, result.Str("instanceRowText"), StringComparison.Ordinal);
        var viewer = result["viewer"]!;
        Assert.Equal(activityIds.Order(), Strings(viewer["nodeIds"]!).Order());
        Assert.Equal(connections.Order(StringComparer.Ordinal), Edges(viewer).Order(StringComparer.Ordinal));
        var journal = Strings(result["journal"]!);
        foreach (var state in passed)
        {
            Assert.Contains(journal, entry => entry.StartsWith(state + " ", StringComparison.Ordinal) && entry.Contains("Completed", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(journal, entry => entry.StartsWith("reserve_inventory ", StringComparison.Ordinal));
    }

    private static JsonArray ToJson(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static List<string> Strings(JsonNode array) => array.AsArray().Select(n => n!.GetValue<string>()).ToList();

    /// <summary>The drawn edges as "source:port->target", each of whose ends touches its port (within 3 px).</summary>
    private static List<string> Edges(JsonNode drawing)
    {
        var edges = drawing["edges"]!.AsArray();
        Assert.All(edges, e => Assert.InRange(e!["gap"]!.GetValue<int>(), 0, 3));
        return edges.Select(e => e.Str("edge")).ToList();
    }
}
