using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>
/// Tests written once and run on every store: a subclass per store says how to make a fresh one
/// (<see cref="OwnedStore.InMemoryAsync"/>, <see cref="OwnedStore.SqliteAsync"/>, …); each test gets its own, thrown away after.
/// </summary>
public abstract class OnEachStore : IAsyncLifetime
{
    private OwnedStore? _store;

    /// <summary>The store of the running test.</summary>
    protected IWorkflowStore Store => (_store ?? throw new InvalidOperationException("The store is made in InitializeAsync.")).Store;

    protected abstract Task<OwnedStore> CreateStoreAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
