using PatientDocs.Persistence.Store;

namespace PatientDocs.Persistence;

/// <summary>
/// A module's turn to write to the shared database. On SQLite it is the process-wide single-writer lock the engine's store
/// takes, so a module's writes queue with the engine's instead of sleeping in SQLite's busy handler; on PostgreSQL there is
/// nothing to take (row locks decide).
/// </summary>
public sealed class StoreWriteGate(StoreOptions options)
{
    /// <summary>Held until disposed; null on PostgreSQL. Take it after opening the connection and before BEGIN.</summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken = default) =>
        options.Provider == StoreProvider.PostgreSql ? null : await SqliteWriterLock.AcquireAsync(options, cancellationToken);
}
