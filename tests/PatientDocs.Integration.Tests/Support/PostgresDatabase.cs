using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>
/// A uniquely named PostgreSQL database for one test class, created from PATIENTDOCS_TEST_POSTGRES and dropped afterwards.
/// Without the variable nothing is created: tests marked <see cref="RequiresPostgresAttribute"/> skip, or fail when CI=true.
/// </summary>
public sealed class PostgresDatabase(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string Variable = "PATIENTDOCS_TEST_POSTGRES";

    private string? databaseName;

    public static string? AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests skip here, or null when they run (the variable is set, or CI demands them).</summary>
    public static string? SkipReason => AdminConnectionString is null && !IsCi
        ? $"{Variable} is not set: PostgreSQL tests are skipped (run scripts/postgres.sh and export its last line)."
        : null;

    public string ConnectionString =>
        databaseName is null
            ? throw new InvalidOperationException($"{Variable} is not set; PostgreSQL is required when CI=true (run scripts/postgres.sh).")
            : new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = databaseName }.ConnectionString;

    public async Task InitializeAsync()
    {
        if (AdminConnectionString is null)
        {
            return;
        }

        var name = $"pd_test_{Guid.NewGuid():N}"[..24];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        databaseName = name;
    }

    public async Task DisposeAsync()
    {
        if (databaseName is null)
        {
            return;
        }

        // A fixture has no test output of its own: what cleanup could not do goes to the runner's diagnostics.
        await PostgresCleanup.DropDatabaseAsync(AdminConnectionString!, databaseName, message => diagnostics.OnMessage(new DiagnosticMessage(message)));
    }
}
