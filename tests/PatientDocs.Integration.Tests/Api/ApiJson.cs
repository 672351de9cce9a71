using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>Small helpers the API tests share: a minimal flowchart model and JSON reads.</summary>
internal static class ApiJson
{
    public static JsonObject Model(string definitionId, string text = "hello", string name = "Test workflow") => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["variables"] = new JsonArray(),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["id"] = "flow1",
            ["nodeId"] = "Workflow1:flow1",
            ["activities"] = new JsonArray
            {
                new JsonObject { ["id"] = "start1", ["nodeId"] = "Workflow1:flow1:start1", ["type"] = "Elsa.Start", ["version"] = 1 },
                new JsonObject
                {
                    ["id"] = "write1",
                    ["nodeId"] = "Workflow1:flow1:write1",
                    ["type"] = "Elsa.WriteLine",
                    ["version"] = 1,
                    ["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = text } },
                },
            },
            ["connections"] = new JsonArray
            {
                new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = "start1", ["port"] = "Done" },
                    ["target"] = new JsonObject { ["activity"] = "write1", ["port"] = "In" },
                },
            },
        },
    };

    /// <summary>A flowchart that runs <paramref name="activities"/> one after the other through their Done ports.</summary>
    public static JsonObject Flow(string definitionId, params JsonObject[] activities)
    {
        var connections = new JsonArray();
        for (var i = 1; i < activities.Length; i++)
        {
            connections.Add(new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = activities[i - 1]["id"]!.GetValue<string>(), ["port"] = "Done" },
                ["target"] = new JsonObject { ["activity"] = activities[i]["id"]!.GetValue<string>(), ["port"] = "In" },
            });
        }

        return new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["id"] = "flow1",
                ["activities"] = new JsonArray(activities.Select(a => (JsonNode)a).ToArray()),
                ["connections"] = connections,
            },
        };
    }

    public static JsonObject JavaScript(string script, string typeName = "Object") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script } };

    public static JsonObject Literal(string value, string typeName = "String") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };

    public static JsonObject Start(string id = "start1") => new() { ["id"] = id, ["type"] = "Elsa.Start", ["version"] = 1 };

    public static JsonObject WriteLine(string id, string text) => new() { ["id"] = id, ["type"] = "Elsa.WriteLine", ["version"] = 1, ["text"] = Literal(text) };

    public static JsonObject Event(string id, string eventName) => new() { ["id"] = id, ["type"] = "Elsa.Event", ["version"] = 1, ["eventName"] = Literal(eventName) };

    public static JsonObject Fault(string id, string message) => new() { ["id"] = id, ["type"] = "Elsa.Fault", ["version"] = 1, ["message"] = Literal(message) };

    /// <summary>
    /// An HTTP trigger on <paramref name="path"/> for <paramref name="methods"/> (POST when null); <paramref name="authorize"/> sets
    /// Elsa's <c>authorize</c> input (absent when null).
    /// </summary>
    public static JsonObject HttpEndpoint(string id, string path, bool? authorize = null, string[]? methods = null)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = "Elsa.HttpEndpoint",
            ["version"] = 1,
            ["customProperties"] = new JsonObject { ["canStartWorkflow"] = true },
            ["path"] = Literal(path),
            ["supportedMethods"] = new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = JsonSerializer.Serialize(methods ?? ["POST"]) } },
        };
        if (authorize is { } value)
        {
            activity["authorize"] = new JsonObject { ["typeName"] = "Boolean", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
        }

        return activity;
    }

    /// <summary>Polls the instance until <paramref name="done"/> holds (the workers run in the background), or fails after 15 s.</summary>
    public static async Task<JsonObject> WaitForInstanceAsync(this HttpClient client, string instanceId, Func<JsonObject, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        JsonObject? last = null;
        try
        {
            while (true)
            {
                last = await (await client.GetAsync($"/elsa/api/workflow-instances/{instanceId}", timeout.Token)).ReadObjectAsync();
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(20, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Name the state the instance was stuck in: a bare cancellation says nothing about why.
            throw new Xunit.Sdk.XunitException($"instance {instanceId} did not reach the awaited state in 15 s; last seen: {last?.ToJsonString()}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;

    public static async Task<JsonObject> SaveAsync(this HttpClient client, JsonObject model, bool publish)
    {
        using var response = await client.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = publish });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)(await response.ReadObjectAsync())["workflowDefinition"]!;
    }

    public static string Str(this JsonNode? node, string name) => node![name]!.GetValue<string>();

    public static bool Bool(this JsonNode? node, string name) => node![name]!.GetValue<bool>();

    public static int Int(this JsonNode? node, string name) => node![name]!.GetValue<int>();

    public static IEnumerable<string> Rels(this JsonNode? definition) =>
        definition!["links"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>());

    public static async Task<string> ProblemFieldAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadObjectAsync();
        return string.Join(",", problem["errors"]!.AsObject().Select(e => e.Key));
    }

    public static StringContent RawJson(string text) => new(text, System.Text.Encoding.UTF8, "application/json");

    public static readonly JsonSerializerOptions Options = JsonSerializerOptions.Web;
}
