using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Validation;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Server.Definitions;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Definitions;

/// <summary>
/// Two nodes (each its own definition manager; on PostgreSQL each its own store) import new versions of one definition at
/// once, as nodes of different builds do when they start together: every version gets a number of its own, and exactly
/// one, the highest, is the latest and the published one.
/// </summary>
public abstract class DefinitionNumberingTests : IAsyncLifetime
{
    private const int ImportsPerNode = 6;
    private readonly List<OwnedStore> _owned = [];

    /// <summary>The store each of the two nodes uses.</summary>
    protected abstract Task<(OwnedStore First, OwnedStore? Second)> NodesAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task NewVersionsImportedOnTwoNodesAtOnce_AreNumberedOnce_AndOnlyTheHighestIsPublished()
    {
        var stores = await OpenNodesAsync();
        var managers = stores.Select(store => new WorkflowDefinitionManager(store, Validator(), new FakeTimeProvider(DateTimeOffset.UnixEpoch))).ToArray();
        var imports = Enumerable.Range(0, ImportsPerNode * 2)
            .Select(n => Task.Run(() => managers[n % 2].ImportAsync(Definition($"edition {n}"), CancellationToken.None)))
            .ToList();
        var results = await Task.WhenAll(imports);

        Assert.All(results, r => Assert.NotEqual(ImportResult.Unchanged, r));
        var versions = await managers[0].AllVersionsAsync("numbered", CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, ImportsPerNode * 2), versions.Select(v => v.Version).Order());
        var highest = versions.MaxBy(v => v.Version)!;
        Assert.Equal([highest.Id], versions.Where(v => v.IsLatest).Select(v => v.Id));
        Assert.Equal([highest.Id], versions.Where(v => v.IsPublished).Select(v => v.Id));
    }

    [StoreFact]
    public async Task TheLockOfOneDefinition_DoesNotHoldUpAnother_AndIsTakenAgainOnceReleased()
    {
        var stores = await OpenNodesAsync();
        await using (await stores[0].LockDefinitionAsync("a"))
        {
            // Would hang (and time out) if locks of different definitions waited for each other.
            await using (await stores[1].LockDefinitionAsync("b").WaitAsync(TimeSpan.FromSeconds(30)))
            {
            }
        }

        await using (await stores[1].LockDefinitionAsync("a").WaitAsync(TimeSpan.FromSeconds(30)))
        {
        }
    }

    /// <summary>The two nodes' stores, thrown away after the test.</summary>
    private async Task<IWorkflowStore[]> OpenNodesAsync()
    {
        var (first, second) = await NodesAsync();
        _owned.Add(first);
        if (second is not null)
        {
            _owned.Add(second);
        }

        return [first.Store, (second ?? first).Store];
    }

    private static WorkflowDefinition Definition(string name) => WorkflowDefinition.Parse(new JsonObject
    {
        ["definitionId"] = "numbered",
        ["name"] = name,
        ["root"] = new JsonObject { ["id"] = "flow", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["activities"] = new JsonArray(), ["connections"] = new JsonArray() },
    }.ToJsonString());

    private static DefinitionValidator Validator() =>
        new(new WorkflowValidator(new ActivityRegistry()), new DefaultAuthorizationPolicyProvider(Options.Create(new AuthorizationOptions())));
}

public sealed class InMemoryDefinitionNumberingTests : DefinitionNumberingTests
{
    protected override async Task<(OwnedStore First, OwnedStore? Second)> NodesAsync() => (await OwnedStore.InMemoryAsync(), null);
}

public sealed class SqliteDefinitionNumberingTests : DefinitionNumberingTests
{
    protected override async Task<(OwnedStore First, OwnedStore? Second)> NodesAsync() => (await OwnedStore.SqliteAsync(), null);
}

[RequiresPostgres]
public sealed class PostgresDefinitionNumberingTests(PostgresDatabase database) : DefinitionNumberingTests, IClassFixture<PostgresDatabase>
{
    // Two stores on one database are two nodes: their own pools, connections and sessions.
    protected override async Task<(OwnedStore First, OwnedStore? Second)> NodesAsync() =>
        (await OwnedStore.PostgresAsync(database), await OwnedStore.PostgresAsync(database));
}
