using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>Calls of the state-language API the tests share, and unique workflow names so tests can share a database.</summary>
internal static class ApiRequests
{
    public const string Sample = "order_processing_workflow";

    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string text, string? contentType = "application/yaml")
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        return client.PostAsync("/workflows", content);
    }

    public static Task<HttpResponseMessage> RegisterJsonAsync(this HttpClient client, JsonObject definition) =>
        client.RegisterAsync(definition.ToJsonString(), "application/json");

    public static async Task<HttpResponseMessage> StartAsync(this HttpClient client, JsonObject body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/workflow-executions") { Content = ApiJson.RawJson(body.ToJsonString()) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Starts an execution and returns its id, failing unless the start answered 201.</summary>
    public static async Task<string> StartIdAsync(this HttpClient client, string workflowName, JsonObject? input = null, string? version = null)
    {
        var body = new JsonObject { ["workflowName"] = workflowName, ["input"] = input ?? new JsonObject() };
        if (version is not null)
        {
            body["version"] = version;
        }

        using var response = await client.StartAsync(body);
        var json = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"start answered {(int)response.StatusCode}: {json.ToJsonString()}");
        return json.Str("executionId");
    }

    public static async Task<JsonObject> GetExecutionAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/workflow-executions/{id}");
        return await response.ReadObjectAsync();
    }

    /// <summary>Polls the execution until <paramref name="done"/> holds, or fails after 30 s naming what it last saw.</summary>
    public static async Task<JsonObject> WaitForAsync(this HttpClient client, string id, Func<JsonObject, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonObject? last = null;
        try
        {
            while (true)
            {
                using var response = await client.GetAsync($"/workflow-executions/{id}", timeout.Token);
                last = await response.ReadObjectAsync();
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(20, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"execution {id} did not reach the awaited state in 30 s; last seen: {last?.ToJsonString()}");
        }
    }

    public static Task<JsonObject> WaitForEndAsync(this HttpClient client, string id) =>
        client.WaitForAsync(id, e => e.Str("status") != "RUNNING");

    /// <summary>The steps as "state:type:status" lines, in order.</summary>
    public static string[] StepLines(this JsonObject execution) =>
        [.. execution["steps"]!.AsArray().Select(s => $"{s.Str("stateName")}:{s.Str("type")}:{s.Str("status")}")];

    public static JsonObject Step(this JsonObject execution, string stateName, string? type = null) =>
        (JsonObject)execution["steps"]!.AsArray().Last(s => s.Str("stateName") == stateName && (type is null || s.Str("type") == type))!;

    public static JsonObject Mock(string resource, JsonObject behaviour) => new() { ["mock"] = new JsonObject { [resource] = behaviour } };

    public static string? Text(this JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
