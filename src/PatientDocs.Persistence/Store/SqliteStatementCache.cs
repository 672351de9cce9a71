using System.Data.Common;
using System.Runtime.CompilerServices;

namespace PatientDocs.Persistence.Store;

/// <summary>
/// Commands kept prepared on SQLite's writer connection, one per statement text. A burst's statements have few shapes, and
/// preparing and binding one again on every commit cost about 40 % of a statement's time. Only the writer's connection has
/// a cache: it stays open for the life of the store, where pooled connections are handed back after each call (closing a
/// connection finalizes its commands' statements).
/// </summary>
internal sealed class SqliteStatementCache : IDisposable
{
    /// <summary>
    /// Statement texts kept at most, the least recently used dropped first. A burst's statements have a handful of shapes;
    /// those with IN lists or a number of rows vary, and each prepared statement holds its compiled program.
    /// </summary>
    internal const int Capacity = 128;

    private static readonly ConditionalWeakTable<DbConnection, SqliteStatementCache> ByConnection = [];

    private readonly Dictionary<string, LinkedListNode<DbCommand>> commands = new(StringComparer.Ordinal);
    private readonly LinkedList<DbCommand> recency = new();
    private readonly DbConnection connection;

    private SqliteStatementCache(DbConnection connection) => this.connection = connection;

    /// <summary>Statements prepared since the cache was attached (for tests and diagnostics).</summary>
    internal long Prepared { get; private set; }

    public static SqliteStatementCache Attach(DbConnection connection)
    {
        var cache = new SqliteStatementCache(connection);
        ByConnection.AddOrUpdate(connection, cache);
        return cache;
    }

    public static SqliteStatementCache? For(DbConnection connection) => ByConnection.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>The command for <paramref name="sql"/>, prepared once; the caller binds its values (<see cref="SqlArguments.BindTo"/>).</summary>
    public DbCommand Get(string sql)
    {
        if (commands.TryGetValue(sql, out var node))
        {
            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value;
        }

        if (commands.Count >= Capacity && recency.Last is { } oldest)
        {
            recency.RemoveLast();
            commands.Remove(oldest.Value.CommandText);
            oldest.Value.Dispose();
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        commands[sql] = recency.AddFirst(command);
        Prepared++;
        return command;
    }

    /// <summary>Called when the caller is done: the command keeps its statement and parameter objects, not the caller's values.</summary>
    public static void Release(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            parameter.Value = DBNull.Value;
        }
    }

    public void Dispose()
    {
        foreach (var command in recency)
        {
            command.Dispose();
        }

        recency.Clear();
        commands.Clear();
        ByConnection.Remove(connection);
    }
}
