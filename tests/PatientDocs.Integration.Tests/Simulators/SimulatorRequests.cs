using System.Net.Http.Json;
using System.Text.Json;

namespace PatientDocs.Integration.Tests.Simulators;

/// <summary>Short request helpers for the simulator tests.</summary>
public static class SimulatorRequests
{
    public const string Exchange = "/sim/document-exchange";
    public const string Tracker = "/sim/task-tracker";

    public static Task<HttpResponseMessage> SearchAsync(this HttpClient client, string patientId, string? idempotencyKey = null) =>
        client.SendJsonAsync(HttpMethod.Post, $"{Exchange}/searches", new { firstName = "Ann", lastName = "Lee", patientId }, idempotencyKey);

    public static async Task<string> StartSearchAsync(this HttpClient client, string patientId)
    {
        using var response = await client.SearchAsync(patientId);
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("jobId").GetString()!;
    }

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> StatsAsync(this HttpClient client, string service)
    {
        using var response = await client.GetAsync($"{service}/stats");
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
