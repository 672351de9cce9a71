using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PatientDocs.Persistence.Store;

/// <summary>
/// Statements of one write that need no answer before the next: sent together when flushed, in the order added. On
/// PostgreSQL that is one round trip where each statement used to cost one (a burst's commit had eight, each a pair of
/// context switches between the server and its backend); SQLite runs them one after another in-process.
/// </summary>
internal sealed class StatementBatch
{
    private readonly List<(string Sql, SqlArguments? Args)> statements = [];

    public int Count => statements.Count;

    /// <summary>Adds a statement; returns its index in the rows-affected list <see cref="FlushAsync"/> returns.</summary>
    public int Add(string sql, SqlArguments? args)
    {
        statements.Add((sql, args));
        return statements.Count - 1;
    }

    /// <summary>
    /// Runs what was added, on the context's connection and transaction; returns the rows each statement affected. With
    /// <paramref name="commit"/> (PostgreSQL, in a transaction) the batch ends with COMMIT, and nothing may follow it.
    /// </summary>
    public async Task<int[]> FlushAsync(DbContext db, CancellationToken cancellationToken, bool commit = false)
    {
        var affected = new int[statements.Count];
        if (statements.Count == 0 && !commit)
        {
            return affected;
        }

        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        if (commit && (!connection.CanCreateBatch || db.Database.CurrentTransaction is null))
        {
            throw new InvalidOperationException("Only a batch sent in a transaction on PostgreSQL can carry its COMMIT.");
        }

        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (sql, args) in statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                foreach (var parameter in args?.Parameters ?? [])
                {
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            if (commit)
            {
                // The transaction object sees the commit through the server's reply, so disposing it sends no ROLLBACK.
                var end = batch.CreateBatchCommand();
                end.CommandText = "COMMIT";
                batch.BatchCommands.Add(end);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < affected.Length; i++)
            {
                affected[i] = batch.BatchCommands[i].RecordsAffected;
            }
        }
        else
        {
            for (var i = 0; i < affected.Length; i++)
            {
                affected[i] = await RawSql.ExecuteAsync(db, statements[i].Sql, statements[i].Args, cancellationToken);
            }
        }

        statements.Clear();
        return affected;
    }
}
