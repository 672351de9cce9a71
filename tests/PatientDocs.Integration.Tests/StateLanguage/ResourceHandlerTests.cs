using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Resources;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>
/// A real handler registered for a resource replaces the mock: it gets the data, its output is merged, its error type is
/// what catch matches, and its Task runs on the handler's queue. Configuration can move any resource to a queue of its own.
/// </summary>
public sealed class ResourceHandlerTests : IDisposable
{
    private const string Definition = """
        name: ledger_flow
        version: 1
        startAt: record
        states:
          record:
            type: Task
            resource: ledger.record
            next: check
            catch:
              - errorType: LedgerClosed
                next: closed
          check:
            type: Task
            resource: inventoryService.check
            next: done
          done:
            type: Success
          closed:
            type: Fail
            error: Closed
        """;

    private readonly StateLanguageServer _server = new("Sqlite");

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task RegisteredHandler_GetsTheData_ItsOutputIsMerged_AndItsTaskRunsOnItsQueue()
    {
        _server.Overrides["PatientDocs:StateLanguage:ResourceQueues:inventoryService.check"] = "inventory";
        var ledger = new LedgerResource();
        using var client = Client(ledger);
        using var registered = await client.RegisterAsync(Definition);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var id = await client.StartIdAsync("ledger_flow", new JsonObject { ["orderId"] = "o-7" });
        var execution = await client.WaitForEndAsync(id);

        Assert.Equal("SUCCEEDED", execution.Text("status"));
        Assert.Equal("o-7", Assert.Single(ledger.Calls).Data["orderId"]?.ToString());
        Assert.Equal("entry-o-7", execution["output"]?["entry"]?.ToString());
        Assert.Equal("entry-o-7", execution.Step("record")["output"]?["entry"]?.ToString());
        var tasks = await _server.Services.GetRequiredService<IWorkflowStore>().ListTasksAsync(id);
        Assert.Equal("ledger", tasks.Single(t => t.ActivityId == "record").Queue);
        Assert.Equal("inventory", tasks.Single(t => t.ActivityId == "check").Queue);
    }

    [Fact]
    public async Task HandlerError_CarriesItsErrorType_WhichCatchMatches()
    {
        var ledger = new LedgerResource { FailWith = "LedgerClosed" };
        using var client = Client(ledger);
        using var registered = await client.RegisterAsync(Definition);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var execution = await client.WaitForEndAsync(await client.StartIdAsync("ledger_flow", new JsonObject { ["orderId"] = "o-8" }));

        Assert.Equal(("FAILED", "Closed", "closed"), (execution.Text("status"), execution.Text("error"), execution.Text("currentState")));
        var record = execution.Step("record");
        Assert.Equal(("FAILED", "LedgerClosed", "the ledger is closed"), (record.Text("status"), record.Text("error"), record.Text("cause")));
    }

    private HttpClient Client(LedgerResource ledger) =>
        _server.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ITaskResource>(ledger))).CreateClient();

    private sealed class LedgerResource : ITaskResource
    {
        public string Name => "ledger.record";

        public string Queue => "ledger";

        public string? FailWith { get; init; }

        public ConcurrentQueue<ResourceCall> Calls { get; } = new();

        public ValueTask<JsonObject?> RunAsync(ResourceCall call, CancellationToken cancellationToken)
        {
            Calls.Enqueue(call);
            return FailWith is { } error
                ? throw new TaskResourceException(error, "the ledger is closed")
                : ValueTask.FromResult<JsonObject?>(new JsonObject { ["entry"] = $"entry-{call.Data["orderId"]}" });
        }
    }
}
