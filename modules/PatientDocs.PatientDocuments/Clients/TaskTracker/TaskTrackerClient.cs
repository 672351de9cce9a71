using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients;

namespace PatientDocs.PatientDocuments.Clients.TaskTracker;

/// <summary>The TaskTracker REST API: create an item, set its status, append a report.</summary>
public sealed class TaskTrackerClient(IHttpClientFactory httpClientFactory, IOptions<TaskTrackerOptions> options)
{
    /// <summary>The named HttpClient; the server may give it another primary handler (the in-process simulators).</summary>
    public const string HttpClientName = "PatientDocs.TaskTracker";

    private readonly TaskTrackerOptions _options = options.Value;

    public async Task<ServiceResponse<string>> CreateItemAsync(
        TaskContext context, string patientId, string firstName, string lastName, CancellationToken cancellationToken)
    {
        var response = await ServiceCaller.SendAsync(
            CreateClient(), _options, context, "TaskTracker create item",
            () => ServiceCaller.JsonRequest(HttpMethod.Post, "items", new { patientId, firstName, lastName }),
            ServiceCaller.ReadJsonAsync<ItemCreated>,
            cancellationToken);
        return response.Succeeded && string.IsNullOrEmpty(response.Value!.ItemId)
            ? new ServiceResponse<string>(default, TaskOutcome.Permanent("TaskTracker create item answered without an itemId"))
            : new ServiceResponse<string>(response.Value?.ItemId, response.Failure);
    }

    public Task<ServiceResponse<bool>> SetStatusAsync(TaskContext context, string itemId, string status, CancellationToken cancellationToken) =>
        ServiceCaller.SendAsync(
            CreateClient(), _options, context, "TaskTracker update status",
            () => ServiceCaller.JsonRequest(HttpMethod.Put, $"items/{Uri.EscapeDataString(itemId)}/status", new { status }),
            (_, _) => Task.FromResult(true),
            cancellationToken);

    public Task<ServiceResponse<bool>> AppendReportAsync(TaskContext context, string itemId, string text, CancellationToken cancellationToken) =>
        ServiceCaller.SendAsync(
            CreateClient(), _options, context, "TaskTracker append report",
            () => ServiceCaller.JsonRequest(HttpMethod.Post, $"items/{Uri.EscapeDataString(itemId)}/reports", new { text }),
            (_, _) => Task.FromResult(true),
            cancellationToken);

    private HttpClient CreateClient()
    {
        var http = httpClientFactory.CreateClient(HttpClientName);
        http.BaseAddress ??= _options.BaseAddress();
        http.Timeout = Timeout.InfiniteTimeSpan;
        return http;
    }

    private sealed record ItemCreated(string ItemId);
}
