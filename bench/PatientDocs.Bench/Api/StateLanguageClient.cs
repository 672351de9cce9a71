using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Bench.Api;

/// <summary>The state-language REST API at the server's root, as the bench uses it: start, count by status, read one execution.</summary>
public sealed class StateLanguageClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary><c>POST /workflow-executions</c>; returns the new execution's id (201 expected).</summary>
    public async Task<string> StartAsync(string workflowName, JsonObject input, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/workflow-executions", new JsonObject { ["workflowName"] = workflowName, ["input"] = input }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if ((int)response.StatusCode != 201)
        {
            throw new HttpRequestException($"POST /workflow-executions answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)?["executionId"]?.GetValue<string>()
            ?? throw new HttpRequestException($"POST /workflow-executions answered without executionId: {body}");
    }

    /// <summary>The <c>total</c> of <c>GET /workflow-executions</c> for one workflow, optionally in one status.</summary>
    public async Task<int> CountAsync(string workflowName, string? status, CancellationToken cancellationToken)
    {
        var query = $"/workflow-executions?workflowName={Uri.EscapeDataString(workflowName)}&limit=1" + (status is null ? "" : $"&status={status}");
        using var response = await http.GetAsync(query, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {query} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)?["total"]?.GetValue<int>() ?? throw new HttpRequestException($"GET {query} answered without total: {body}");
    }

    /// <summary><c>GET /workflow-executions/{id}</c>.</summary>
    public async Task<ExecutionDetail> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        var path = $"/workflow-executions/{Uri.EscapeDataString(executionId)}";
        using var response = await http.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        return JsonSerializer.Deserialize<ExecutionDetail>(body, Json) ?? throw new HttpRequestException($"GET {path} answered null");
    }
}
