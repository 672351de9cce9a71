using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Browser;

/// <summary>The operations page in headless Chromium against a real workload on the in-process simulators.</summary>
[Collection(StudioBrowserCollection.Name)]
public sealed class OpsBrowserTests(ITestOutputHelper output)
{
    private const int Patients = 30;
    private static readonly string[] EndStates = ["running", "finished", "faulted", "cancelled"];
    private static readonly string[] QueueBases = ["queue-limits", "queue-limits+history"];

    [BrowserFact]
    public async Task OpsPage_DrawsTheRunningWorkload_ShowsAnEta_AndRetriesAnIncident()
    {
        await using var server = StudioModuleServer.Operations(Patients);
        using var client = server.CreateApiClient();
        // Armed in the simulator: every TaskTracker call from the 21st on meets an outage, until the script ends it. A
        // two-second outage left the incident to timing: after five failures the breaker holds the calls back, and on a
        // loaded machine its probes could fall within the one-second retry deadline until the outage was over.
        (await client.PostAsJsonAsync("/sim/task-tracker/outages", new { kind = "unavailable", durationSeconds = 86_400, startAfterRequests = 20 })).EnsureSuccessStatusCode();
        var ids = Enumerable.Range(1, Patients).Select(n => $"P{n:D6}").ToList();
        (await client.PostAsJsonAsync("/api/patient-documents/runs", new { patientIds = ids })).EnsureSuccessStatusCode();

        var result = await NodeScript.RunAsync("ops-page.mjs", server.BaseUrl, output, new Dictionary<string, string>());

        var charts = result["charts"]!;
        Assert.True(charts["queues-chart"]!["series"]!["docex-search"]!.GetValue<double>() > 0, "no depth drawn for docex-search");
        Assert.True(charts["limits-chart"]!["series"]!["DocumentExchange.SearchAndDownload"]!.GetValue<double>() > 0, "no use drawn for the DocumentExchange limit");
        Assert.All(charts.AsObject(), c => Assert.True(c.Value!["drawn"]!.GetValue<bool>(), $"{c.Key} has no canvas"));
        var tiles = result["tiles"]!;
        var shownTotal = EndStates.Sum(k => tiles[k]!.GetValue<long>());
        var listed = await client.PostAsJsonAsync("/elsa/api/workflow-instances", new { page = 0, pageSize = 1 });
        Assert.Equal(Patients, shownTotal);
        Assert.Equal(Patients, (await listed.Content.ReadFromJsonAsync<JsonObject>())!["totalCount"]!.GetValue<long>());

        var shownEta = result["eta"]!;
        Assert.Matches(@"^searchDocuments is (\d+(st|nd|rd|th)|still ahead: \d+ tasks wait before it) in the docex-search queue \(1 per 500 ms\): at least ", shownEta.Str("summary"));
        Assert.Contains(shownEta.Str("basis"), QueueBases);
        var eta = await client.GetFromJsonAsync<JsonObject>($"/api/workflow-instances/{shownEta.Str("instanceId")}/eta");
        Assert.Equal(shownEta.Str("instanceId"), eta.Str("instanceId"));
        Assert.NotNull(eta!["lowerBound"]);

        Assert.Equal("queued", result["outcome"]!.Str("state"));
        var retried = await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{result.Str("incidentId")}");
        Assert.Equal(0, retried!["incidentCount"]!.GetValue<int>());
        Assert.NotEqual("Faulted", retried.Str("subStatus"));
    }
}
