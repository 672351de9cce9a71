using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace PatientDocs.Persistence.Store;

/// <summary>
/// SQLite has one writer per file. Writers in this process queue here instead of spinning on SQLITE_BUSY; other processes
/// are still serialised by BEGIN IMMEDIATE and the busy timeout.
/// </summary>
internal static class SqliteWriterLock
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static async Task<IDisposable> AcquireAsync(StoreOptions options, CancellationToken cancellationToken)
    {
        var gate = GateFor(options);
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    public static SemaphoreSlim GateFor(StoreOptions options)
    {
        var dataSource = new SqliteConnectionStringBuilder(options.ResolveConnectionString()).DataSource;
        var key = dataSource.Equals(":memory:", StringComparison.Ordinal) ? dataSource : Path.GetFullPath(dataSource);
        return Gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
