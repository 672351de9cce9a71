using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Activities;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.Integration.Tests.Activities;

/// <summary>The module's activities against the real simulators mounted in-process (TestServer) at a high TimeScale.</summary>
public sealed class SimulatorRoundTripTests : IAsyncLifetime, IDisposable
{
    private WebApplication _simulators = null!;
    private ModuleHost _host = null!;

    public async Task InitializeAsync()
    {
        _simulators = await SimulatorFixture.StartAsync();
        var handler = _simulators.GetTestServer().CreateHandler();
        _host = new ModuleHost(documentExchange: handler, taskTracker: handler, settings: SimulatorFixture.ClientSettings());
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _simulators.DisposeAsync();
    }

    public void Dispose() => _host?.Dispose();

    [Fact]
    public async Task SearchPollDownload_ForAPatientWithDocuments_ExtractsEveryFileWithoutViolations()
    {
        var search = new SearchDocuments { PatientId = "P000007", FirstName = "Ada", LastName = "Adams" };
        Assert.Equal(TaskOutcome.Completed(), await search.RunAsync(Context("search"), default));

        var wait = await PollAsync(search.JobId);
        Assert.True(wait.Found);
        Assert.Equal(12, wait.DocumentCount);

        var download = new DownloadArchive { PatientId = "P000007", ArchiveUrl = wait.ArchiveUrl };
        Assert.Equal(TaskOutcome.Completed(), await download.RunAsync(Context("download"), default));

        Assert.Equal(12, download.FileCount);
        Assert.Equal(12, _host.Get<DocumentStore>().ListRaw("P000007", "inst-1").Count);
        await AssertNoViolationsAsync("document-exchange");
    }

    [Fact]
    public async Task SearchPoll_ForAPatientWithoutDocuments_EndsNotFound()
    {
        var search = new SearchDocuments { PatientId = "P000008", FirstName = "Ben", LastName = "Fischer" };
        await search.RunAsync(Context("search"), default);

        var wait = await PollAsync(search.JobId);

        Assert.False(wait.Found);
        Assert.Equal("", wait.ArchiveUrl);
    }

    [Fact]
    public async Task CreateTrackerItem_RepeatedWithTheSameKey_ReturnsTheSameItemAndAppendsOneReport()
    {
        var first = new CreateTrackerItem { PatientId = "P000007", FirstName = "Ada", LastName = "Adams" };
        var repeat = new CreateTrackerItem { PatientId = "P000007", FirstName = "Ada", LastName = "Adams" };
        await first.RunAsync(Context("create"), default);
        await repeat.RunAsync(Context("create"), default);
        await new UpdateTrackerStatus { ItemId = first.ItemId, Status = "DOCUMENTS FOUND" }.RunAsync(Context("status"), default);
        await new AppendReport { ItemId = first.ItemId, Text = "a.pdf" }.RunAsync(Context("report"), default);
        await new AppendReport { ItemId = first.ItemId, Text = "a.pdf" }.RunAsync(Context("report"), default);

        var http = new HttpClient(_simulators.GetTestServer().CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
        var item = await http.GetFromJsonAsync<JsonObject>($"sim/task-tracker/items/{first.ItemId}");

        Assert.Equal(first.ItemId, repeat.ItemId);
        Assert.Equal("DOCUMENTS FOUND", (string?)item!["status"]);
        Assert.Equal(["a.pdf"], item["reports"]!.AsArray().Select(r => (string?)r));
        await AssertNoViolationsAsync("task-tracker");
    }

    private TaskContext Context(string activity) => _host.Context(key: $"inst-1:{activity}", timeScale: 100);

    private async Task<WaitForSearchJob> PollAsync(string jobId)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var wait = new WaitForSearchJob { JobId = jobId };
            var outcome = await wait.RunAsync(Context("wait"), default);
            if (outcome is RunAgainOutcome again)
            {
                // The runtime would park the task for this long; here the test plays the runtime.
                await Task.Delay(again.Delay);
                continue;
            }

            Assert.IsType<CompletedOutcome>(outcome);
            return wait;
        }

        throw new TimeoutException("The search job never finished.");
    }

    private async Task AssertNoViolationsAsync(string service)
    {
        var http = new HttpClient(_simulators.GetTestServer().CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
        var stats = await http.GetFromJsonAsync<JsonObject>($"sim/{service}/stats");
        Assert.Equal(0, (int)stats!["violations"]!);
    }
}
