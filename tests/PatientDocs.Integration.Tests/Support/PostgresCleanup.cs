using Npgsql;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>
/// Drops a test's database as cleanup. A drop that cannot be done (another role's session in it, the server gone) is
/// reported to the test output and never thrown: cleanup must not fail the test it cleans up after.
/// </summary>
public static class PostgresCleanup
{
    public static async Task DropDatabaseAsync(string adminConnectionString, string database, Action<string> report)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            return;
        }
        catch (Exception e)
        {
            // FORCE must terminate every session in the database, which a non-superuser may not do for every process.
            report($"DROP DATABASE \"{database}\" WITH (FORCE) failed ({e.Message}); dropping it without FORCE.");
        }

        try
        {
            // Without FORCE PostgreSQL itself asks an autovacuum worker to leave and waits a few seconds for sessions.
            await ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS \"{database}\"");
        }
        catch (Exception e)
        {
            report($"The test database \"{database}\" was left behind ({e.Message}); drop it by hand.");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
