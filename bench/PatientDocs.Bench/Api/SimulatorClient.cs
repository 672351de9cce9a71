using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Bench.Api;

/// <summary>The simulators' control API: stats, outages and TaskTracker items.</summary>
public sealed class SimulatorClient(HttpClient http)
{
    public const string DocumentExchange = "document-exchange";
    public const string TaskTracker = "task-tracker";

    public async Task<bool> IsUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/sim/{DocumentExchange}/stats", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async Task<ServiceStats> GetStatsAsync(string service, CancellationToken cancellationToken)
    {
        var raw = await http.GetFromJsonAsync<JsonNode>($"/sim/{service}/stats", cancellationToken)
            ?? throw new InvalidOperationException($"{service} stats were empty");
        return ServiceStats.Parse(service, raw);
    }

    /// <summary>Takes a service down; durations are unscaled seconds (the simulator divides by its TimeScale).</summary>
    public async Task StartOutageAsync(string service, string kind, double durationSeconds, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"/sim/{service}/outages", new { kind, durationSeconds }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"outage on {service} answered {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>Ends every outage of a service (before the bench reads items, so a hanging outage cannot stall it).</summary>
    public async Task EndOutagesAsync(string service, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"/sim/{service}/outages", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every TaskTracker item (patient id, status, report count), read once after the run.</summary>
    public async Task<IReadOnlyList<TrackerItem>> GetAllItemsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            using var response = await http.GetAsync($"/sim/{TaskTracker}/items", cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Reads count against TaskTracker's limit too; honour it.
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(100), cancellationToken);
                continue;
            }

            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
            var items = body?["items"]?.AsArray() ?? [];
            return items.Select(i => new TrackerItem(
                i?["patientId"]?.GetValue<string>() ?? "",
                i?["status"]?.GetValue<string>(),
                i?["reports"]?.AsArray().Count ?? 0)).ToList();
        }
    }

    /// <summary>Every TaskTracker item with its reports' text, read once after the run to check them against storage.</summary>
    public async Task<IReadOnlyList<TrackerItemReports>> GetAllItemReportsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            using var response = await http.GetAsync($"/sim/{TaskTracker}/items", cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(100), cancellationToken);
                continue;
            }

            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
            return (body?["items"]?.AsArray() ?? []).Select(i => new TrackerItemReports(
                i?["patientId"]?.GetValue<string>() ?? "",
                i?["status"]?.GetValue<string>(),
                (i?["reports"]?.AsArray() ?? []).Select(r => r?.GetValue<string>() ?? "").ToList())).ToList();
        }
    }
}
