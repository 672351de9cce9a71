using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>
/// POST /elsa/api/workflow-instances/{id}/retry after a service stayed down past its deadline, and after a conversion of a
/// fan-out failed: the same task runs again under the same key and the instance finishes. One subclass per store.
/// </summary>
public abstract class OperatorRetryTests : ServerTest<OperatorRetryServer>
{
    [StoreFact]
    public async Task Retry_AfterADeadlineIncident_SendsTheSameIdempotencyKeyAgain_AndTheInstanceFinishes()
    {
        var definitionId = await PublishAsync(new JsonObject
        {
            ["id"] = "track",
            ["type"] = "PatientDocs.CreateTrackerItem",
            ["version"] = 1,
            ["patientId"] = ApiJson.Literal("P000001"),
            ["firstName"] = ApiJson.Literal("Ada"),
            ["lastName"] = ApiJson.Literal("Lovelace"),
        });
        var id = await ExecuteAsync(definitionId);
        var faulted = await Client.WaitForInstanceAsync(id, i => i.Int("incidentCount") > 0);
        var sentWhileDown = Server.TaskTracker.IdempotencyKeys.Count;

        Server.TaskTracker.Healthy = true;
        using var retry = await Client.PostAsync($"/elsa/api/workflow-instances/{id}/retry", null);
        var finished = await Client.WaitForInstanceAsync(id, i => i.Str("status") == "Finished");

        Assert.Equal(("Running", "Faulted"), (faulted.Str("status"), faulted.Str("subStatus")));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(("Finished", 0), (finished.Str("subStatus"), finished.Int("incidentCount")));
        var keys = Server.TaskTracker.IdempotencyKeys;
        Assert.True(sentWhileDown >= 1, "no attempt before the deadline");
        Assert.Equal(sentWhileDown + 1, keys.Count);
        Assert.Equal($"{id}:track", Assert.Single(keys.Distinct()));
        var task = Assert.Single(await Store.ListTasksAsync(id));
        Assert.Equal((TaskState.Completed, 1), (task.State, task.Attempts));
        await AssertNothingToRetryAsync(id);
    }

    [StoreFact]
    public async Task Retry_AfterAConversionOfAFanOutFailed_ConvertsOnlyThatFileAgain_AndTheInstanceFinishes()
    {
        const string patientId = "P000002";
        var documents = Server.Services.GetRequiredService<DocumentStore>();
        // Files belong to an instance: the workflow waits for an event while the test puts them in its raw/ folder.
        var eventName = "files-ready-" + Guid.NewGuid().ToString("N")[..8];
        var definitionId = await PublishAsync(ApiJson.Event("ready", eventName), new JsonObject
        {
            ["id"] = "convert",
            ["type"] = "PatientDocs.ConvertDocuments",
            ["version"] = 1,
            ["patientId"] = ApiJson.Literal(patientId),
        });
        var id = await ExecuteAsync(definitionId);
        Directory.CreateDirectory(documents.RawFolder(patientId, id));
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
        {
            await File.WriteAllTextAsync(Path.Combine(documents.RawFolder(patientId, id), name), $"document {name}");
        }

        // A directory where b's PDF belongs: that conversion cannot write its file until the directory is gone.
        var blocked = Path.Combine(documents.PdfFolder(patientId, id), "b.pdf");
        Directory.CreateDirectory(blocked);
        using (var published = await Client.PostAsJsonAsync($"/elsa/api/events/{eventName}", new JsonObject()))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            Assert.Equal(1, (await published.ReadObjectAsync()).Int("resumedCount"));
        }

        await Client.WaitForInstanceAsync(id, i => i.Int("incidentCount") > 0);
        var items = (await Store.ListTasksAsync(id)).Where(t => t.GroupId is not null).ToList();
        var failed = Assert.Single(items, t => t.State == TaskState.Failed);
        Assert.EndsWith(":b.txt", failed.IdempotencyKey);
        var converted = items.Where(t => t.State == TaskState.Completed).ToDictionary(t => t.Id, t => t.CompletedAt);

        Directory.Delete(blocked);
        using var retry = await Client.PostAsync($"/elsa/api/workflow-instances/{id}/retry", null);
        var finished = await Client.WaitForInstanceAsync(id, i => i.Str("status") == "Finished");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(("Finished", 0), (finished.Str("subStatus"), finished.Int("incidentCount")));
        Assert.Equal(["a.pdf", "b.pdf", "c.pdf"], documents.ListPdf(patientId, id));
        var after = (await Store.ListTasksAsync(id)).Where(t => t.GroupId is not null).ToList();
        Assert.Equal(items.Select(t => t.Id).Order(), after.Select(t => t.Id).Order());
        Assert.All(after, t => Assert.Equal(TaskState.Completed, t.State));
        Assert.Equal(failed.IdempotencyKey, after.Single(t => t.Id == failed.Id).IdempotencyKey);
        Assert.All(converted, c => Assert.Equal(c.Value, after.Single(t => t.Id == c.Key).CompletedAt));
        await AssertNothingToRetryAsync(id);
    }

    private IWorkflowStore Store => Server.Services.GetRequiredService<IWorkflowStore>();

    private async Task AssertNothingToRetryAsync(string id)
    {
        using var again = await Client.PostAsync($"/elsa/api/workflow-instances/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("cannot be retried", (await again.ReadObjectAsync()).Str("detail"));
    }

    private async Task<string> PublishAsync(params JsonObject[] activities)
    {
        var definitionId = "retry-" + Guid.NewGuid().ToString("N")[..10];
        await Client.SaveAsync(ApiJson.Flow(definitionId, [ApiJson.Start(), .. activities, ApiJson.WriteLine("after", "done")]), publish: true);
        return definitionId;
    }

    private async Task<string> ExecuteAsync(string definitionId)
    {
        using var response = await Client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync()).Str("id");
    }
}
