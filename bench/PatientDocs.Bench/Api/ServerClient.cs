using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Bench.Api;

/// <summary>The server's public API as the bench uses it: bulk start, publish and dispatch, instance list, health, module stats.</summary>
public sealed class ServerClient(HttpClient http)
{
    private const int PageSize = 500;
    private static readonly string[] FinishedSubStatus = ["Finished"];
    private static readonly string[] RunningStatus = ["Running"];
    private static readonly string[] FaultedSubStatus = ["Faulted"];

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("/health", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> StartRunsAsync(IReadOnlyList<string> patientIds, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/patient-documents/runs", new { patientIds }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"bulk start answered {(int)response.StatusCode}: {body}");
        }

        var ids = JsonNode.Parse(body)?["instanceIds"]?.AsArray();
        return ids?.Select(i => i!.GetValue<string>()).ToList()
            ?? throw new InvalidOperationException($"bulk start answered without instanceIds: {body}");
    }

    public async Task<InstanceCounts> CountAsync(CancellationToken cancellationToken)
    {
        var finished = await TotalAsync(new { page = 0, pageSize = 1, subStatuses = FinishedSubStatus }, cancellationToken);
        var running = await TotalAsync(new { page = 0, pageSize = 1, statuses = RunningStatus }, cancellationToken);
        var faulted = await TotalAsync(new { page = 0, pageSize = 1, subStatuses = FaultedSubStatus }, cancellationToken);
        return new InstanceCounts(finished, running, faulted);
    }

    public async Task<IReadOnlyList<InstanceSummary>> ListAllAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, InstanceSummary>();
        for (var page = 0; ; page++)
        {
            var body = await ListAsync(new { page, pageSize = PageSize }, cancellationToken);
            var items = body["items"]?.AsArray() ?? [];
            var added = 0;
            foreach (var item in items)
            {
                var summary = Summary(item!);
                added += all.TryAdd(summary.Id, summary) ? 1 : 0;
            }

            var total = body["totalCount"]?.GetValue<long>() ?? 0;
            if (items.Count == 0 || added == 0 || all.Count >= total)
            {
                return [.. all.Values];
            }
        }
    }

    /// <summary>The instance's ETA as the operations API gives it.</summary>
    public async Task<EtaAnswer> GetEtaAsync(string instanceId, CancellationToken cancellationToken)
    {
        var askedAt = DateTimeOffset.UtcNow;
        var body = JsonNode.Parse(await http.GetStringAsync($"/api/workflow-instances/{instanceId}/eta", cancellationToken))!;
        return new EtaAnswer(instanceId, askedAt, body["etaAt"]?.GetValue<DateTimeOffset>(), body["lowerBound"]?.GetValue<DateTimeOffset>(),
            body["basis"]!.GetValue<string>(), body["summary"]!.GetValue<string>());
    }

    /// <summary>Saves and publishes a workflow model (what Studio's Publish button sends).</summary>
    public async Task PublishAsync(JsonObject model, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || JsonNode.Parse(body)?["workflowDefinition"]?["isPublished"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"publishing {model["definitionId"]} answered {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>Starts one instance of the published version; the server's workers run it. Returns the new instance's id.</summary>
    public async Task<string> DispatchAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/dispatch", new JsonObject(), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"dispatch of {definitionId} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)?["workflowInstanceId"]?.GetValue<string>()
            ?? throw new HttpRequestException($"dispatch of {definitionId} answered without workflowInstanceId: {body}");
    }

    /// <summary>Instances of one definition in one sub-status, as the store counts them.</summary>
    public Task<int> CountAsync(string definitionId, string subStatus, CancellationToken cancellationToken) =>
        TotalAsync(new { page = 0, pageSize = 1, definitionId, subStatuses = new[] { subStatus } }, cancellationToken);

    /// <summary>The id of one instance of a definition in a sub-status, or null.</summary>
    public async Task<string?> FirstIdAsync(string definitionId, string subStatus, CancellationToken cancellationToken)
    {
        var body = await ListAsync(new { page = 0, pageSize = 1, definitionId, subStatuses = new[] { subStatus } }, cancellationToken);
        return body["items"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>();
    }

    /// <summary>Completed executions of one activity type in an instance (Studio's viewer list).</summary>
    public async Task<int> CountCompletedActivitiesAsync(string instanceId, string activityType, CancellationToken cancellationToken)
    {
        var body = await http.GetFromJsonAsync<JsonNode>($"/elsa/api/activity-execution-summaries/list?WorkflowInstanceId={Uri.EscapeDataString(instanceId)}", cancellationToken);
        return (body?["items"]?.AsArray() ?? []).Count(i => Text(i?["activityType"]) == activityType && Text(i?["status"]) == "Completed");
    }

    /// <summary>The module's stats (conversion concurrency, memory budget) if the server exposes them, else null.</summary>
    public async Task<JsonNode?> GetModuleStatsAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound || !response.IsSuccessStatusCode)
            {
                return null;
            }

            return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            return null;
        }
    }

    private async Task<int> TotalAsync(object request, CancellationToken cancellationToken) =>
        (int)((await ListAsync(request, cancellationToken))["totalCount"]?.GetValue<long>() ?? 0);

    private async Task<JsonNode> ListAsync(object request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/elsa/api/workflow-instances", request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"instance list answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body) ?? new JsonObject();
    }

    private static InstanceSummary Summary(JsonNode item) => new(
        item["id"]!.GetValue<string>(),
        item["definitionId"]?.GetValue<string>(),
        Text(item["status"]),
        Text(item["subStatus"]),
        item["incidentCount"]?.GetValue<int>() ?? 0,
        Time(item["createdAt"]),
        Time(item["finishedAt"]));

    // Enums may arrive as names or numbers depending on the serializer settings.
    private static string? Text(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => node.ToJsonString(),
        _ => null,
    };

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String ? node.GetValue<DateTimeOffset>() : null;
}
