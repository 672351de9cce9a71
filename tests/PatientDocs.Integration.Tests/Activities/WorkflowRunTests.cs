using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments;
using PatientDocs.PatientDocuments.Conversion;
using PatientDocs.PatientDocuments.Patients;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.Integration.Tests.Activities;

/// <summary>
/// modules/PatientDocs.PatientDocuments/workflows/patient-documents.json run by the real interpreter; the test plays the task worker (runs each task, its
/// fan-out and its re-runs in turn) against the in-process simulators. Proves the bindings of the definition.
/// </summary>
public sealed class WorkflowRunTests : IAsyncLifetime, IDisposable
{
    private static readonly System.Text.Json.JsonSerializerOptions ResumeJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private readonly ActivityRegistry _registry = new ActivityRegistry().RegisterAssembly(PatientDocumentsModule.Assembly);

    /// <summary>The priority each task type of the last run was enqueued with.</summary>
    private readonly Dictionary<string, int> _priorities = [];

    private WebApplication _simulators = null!;
    private ModuleHost _host = null!;

    public async Task InitializeAsync()
    {
        _simulators = await SimulatorFixture.StartAsync();
        var handler = _simulators.GetTestServer().CreateHandler();
        _host = new ModuleHost(documentExchange: handler, taskTracker: handler, settings: SimulatorFixture.ClientSettings());
        await _host.Get<IPatientStore>().SeedAsync(10);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _simulators.DisposeAsync();
    }

    public void Dispose() => _host?.Dispose();

    [Fact]
    public async Task Definition_PassesTheEnginesValidator()
    {
        var definition = WorkflowDefinition.Parse(ShippedWorkflow());

        var errors = new PatientDocs.Engine.Validation.WorkflowValidator(_registry).Validate(definition);

        Assert.Empty(errors);
        Assert.Equal("patient-documents", definition.DefinitionId);
    }

    [Fact]
    public async Task PatientWithDocuments_ConvertsEveryFileAndReportsThemToTheTracker()
    {
        var (result, ran, instanceId) = await RunAsync(new JsonObject { ["patientId"] = "P000007" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("DOCUMENTS FOUND", (string?)Output(result)["result"]);
        Assert.Equal(
            ["PatientDocs.GetPatient", "PatientDocs.SearchDocuments", "PatientDocs.CreateTrackerItem", "PatientDocs.WaitForSearchJob",
             "PatientDocs.DownloadArchive", "PatientDocs.ConvertDocuments", "PatientDocs.UpdatePatientStatus", "PatientDocs.UpdateTrackerStatus",
             "PatientDocs.GenerateReport", "PatientDocs.AppendReport"],
            ran.Distinct());
        var pdfs = _host.Get<DocumentStore>().ListPdf("P000007", instanceId);
        Assert.Equal(12, pdfs.Count);
        // The download is enqueued with the job's document count (12: 10 + log2 12), above every search.
        Assert.Equal((0, 13), (_priorities["PatientDocs.SearchDocuments"], _priorities["PatientDocs.DownloadArchive"]));
        Assert.Equal(DocumentsStatus.Found, (await _host.Get<IPatientStore>().FindAsync("P000007"))!.DocumentsStatus);
        var item = await TrackerItemAsync("P000007");
        Assert.Equal(DocumentsStatus.Found, (string?)item["status"]);
        Assert.Equal([GenerateReportText("P000007", pdfs)], item["reports"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task SecondRunForTheSamePatient_ReportsOnlyItsOwnFiles()
    {
        var store = _host.Get<DocumentStore>();
        var (_, _, first) = await RunAsync(new JsonObject { ["patientId"] = "P000007" });
        // Whatever the first run left in storage (here one more PDF) is not the second run's.
        await store.WriteAtomicAsync(Path.Combine(store.PdfFolder("P000007", first), "from-the-first-run.pdf"), new byte[1]);

        var (result, _, second) = await RunAsync(new JsonObject { ["patientId"] = "P000007" });

        Assert.Equal("DOCUMENTS FOUND", (string?)Output(result)["result"]);
        var pdfs = store.ListPdf("P000007", second);
        Assert.Equal(12, pdfs.Count);
        Assert.DoesNotContain("from-the-first-run.pdf", pdfs);
        Assert.Equal(GenerateReportText("P000007", pdfs), await File.ReadAllTextAsync(store.ReportPath("P000007", second)));
        var items = (await Http().GetFromJsonAsync<JsonObject>("sim/task-tracker/items?patientId=P000007"))!["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Contains(items, i => i!["reports"]!.AsArray().Select(r => (string?)r).SequenceEqual([GenerateReportText("P000007", pdfs)]));
    }

    [Fact]
    public async Task PatientWithoutDocuments_RecordsNotFoundWithoutDownloading()
    {
        var (result, ran, _) = await RunAsync(new JsonObject { ["body"] = new JsonObject { ["patientId"] = "P000008" } });

        Assert.Equal("DOCUMENTS NOT FOUND", (string?)Output(result)["result"]);
        Assert.DoesNotContain("PatientDocs.DownloadArchive", ran);
        Assert.Equal(DocumentsStatus.NotFound, (await _host.Get<IPatientStore>().FindAsync("P000008"))!.DocumentsStatus);
        Assert.Equal(DocumentsStatus.NotFound, (string?)(await TrackerItemAsync("P000008"))["status"]);
    }

    [Fact]
    public async Task UnknownPatient_FinishesWithPatientNotFoundAndNoExternalCall()
    {
        var (result, ran, _) = await RunAsync(new JsonObject { ["patientId"] = "P424242" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("PATIENT NOT FOUND", (string?)Output(result)["result"]);
        Assert.Equal(["PatientDocs.GetPatient"], ran);
        var stats = await Http().GetFromJsonAsync<JsonObject>("sim/document-exchange/stats");
        Assert.Equal(0, (int)stats!["requests"]!);
    }

    private async Task<(BurstResult Result, List<string> Ran, string InstanceId)> RunAsync(JsonObject input)
    {
        var definition = WorkflowDefinition.Parse(ShippedWorkflow());
        var interpreter = new WorkflowInterpreter(_registry, TimeProvider.System);
        var instanceId = "inst-" + Guid.NewGuid().ToString("N")[..8];
        var result = interpreter.Run(instanceId, definition, null, new StartStimulus(input, null));
        var ran = new List<string>();
        for (var step = 0; step < 50 && result.Tasks.Count > 0; step++)
        {
            Assert.Single(result.Tasks);
            var task = result.Tasks[0];
            ran.Add(task.Handler);
            _priorities[task.Handler] = task.Priority;
            var payload = await RunTaskAsync(task, instanceId);
            result = interpreter.Run(instanceId, definition, result.StateJson, new ResumeStimulus(task.BookmarkId, System.Text.Json.JsonSerializer.SerializeToNode(payload, ResumeJson)));
        }

        Assert.Empty(result.Tasks);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
        return (result, ran, instanceId);
    }

    private async Task<TaskResumePayload> RunTaskAsync(TaskRequest task, string instanceId)
    {
        var context = _host.Context(queue: task.Queue, key: task.IdempotencyKey, timeScale: 100, instanceId: instanceId);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var activity = _registry.CreateTaskActivity(task.Handler, task.Input);
            var outcome = await activity.RunAsync(context, default);
            switch (outcome)
            {
                case CompletedOutcome completed:
                    return new TaskResumePayload { Succeeded = true, Outputs = _registry.ReadOutputs(activity), Port = completed.Port };
                case RunAgainOutcome again:
                    await Task.Delay(again.Delay);
                    continue;
                case TransientOutcome:
                    // The runtime retries these; a loaded test machine can push a request past its timeout.
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                    continue;
                case FanOutOutcome fanOut:
                    var handler = _host.Services.GetServices<ITaskItemHandler>().Single(h => h.Queue == fanOut.Queue);
                    var outcomes = await Task.WhenAll(fanOut.Items.Select(item =>
                        handler.RunAsync(_host.Context(queue: fanOut.Queue, key: $"{task.IdempotencyKey}:{item.Key}", timeScale: 100, instanceId: instanceId), item.Input, default).AsTask()));
                    var failed = outcomes.Count(o => o is not CompletedOutcome);
                    var done = activity.OnGroupCompleted(new TaskGroupResult(outcomes.Length, outcomes.Length - failed, failed, null));
                    return new TaskResumePayload { Succeeded = done is CompletedOutcome, Outputs = _registry.ReadOutputs(activity), Port = "Done" };
                default:
                    throw new InvalidOperationException($"Task {task.Handler} of {instanceId} returned {outcome}.");
            }
        }

        throw new TimeoutException($"Task {task.Handler} never finished.");
    }

    private static JsonObject Output(BurstResult result) => JsonNode.Parse(result.StateJson)!["output"]!.AsObject();

    private static string GenerateReportText(string patientId, IReadOnlyList<string> pdfs) =>
        PatientDocs.PatientDocuments.Activities.GenerateReport.Format(patientId, pdfs);

    private HttpClient Http() => new(_simulators.GetTestServer().CreateHandler()) { BaseAddress = new Uri("http://localhost/") };

    private async Task<JsonObject> TrackerItemAsync(string patientId)
    {
        var items = await Http().GetFromJsonAsync<JsonObject>($"sim/task-tracker/items?patientId={patientId}");
        return Assert.Single(items!["items"]!.AsArray())!.AsObject();
    }

    /// <summary>The flagship as the module ships it (embedded in its assembly).</summary>
    private static string ShippedWorkflow() =>
        new ModuleWorkflows("patient-documents", typeof(PatientDocumentsModule).Assembly).Read().Single(w => w.FileName == "patient-documents.json").Json;
}
