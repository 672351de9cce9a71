namespace PatientDocs.Persistence;

/// <summary>Where PatientDocs keeps its state. Bound from the <c>StoreOptions</c> section.</summary>
public sealed class StoreOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>Empty with SQLite means <c>{DataFolder}/patientdocs.db</c>; required with PostgreSQL.</summary>
    public string ConnectionString { get; set; } = "";

    public string DataFolder { get; set; } = "./data";

    /// <summary>Apply pending migrations when the host starts (before any other hosted service).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// PostgreSQL: every time that decides a rate-limit window (grant, end of hold, release) comes from the database's
    /// clock, so nodes whose clocks disagree still share one window; times handed back to a node are translated into its
    /// clock. False takes each caller's time, as SQLite (one node) always does; the store's contract tests drive a
    /// synthetic clock that way.
    /// </summary>
    public bool LimitsOnDatabaseClock { get; set; } = true;

    public void Validate()
    {
        if (Provider == StoreProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("StoreOptions.ConnectionString is required when StoreOptions.Provider is PostgreSql.");
        }

        if (Provider == StoreProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(DataFolder))
        {
            throw new InvalidOperationException("StoreOptions.DataFolder or StoreOptions.ConnectionString is required for SQLite.");
        }
    }

    /// <summary>Statements Npgsql keeps prepared per PostgreSQL connection unless the connection string says otherwise.</summary>
    public const int MaxAutoPrepare = 256;

    /// <summary>The connection string actually used: SQLite defaults filled in (file in the data folder, shared cache off, busy timeout); PostgreSQL without the pool's reset on return and with automatic preparation.</summary>
    public string ResolveConnectionString()
    {
        if (Provider == StoreProvider.PostgreSql)
        {
            // Every store call returns its connection to the pool, and by default each return costs a DISCARD ALL: about
            // five statements (and transactions) per task activity. The store keeps no session state (no SET, no
            // session-level locks, no LISTEN, no temporary tables), so there is nothing to reset. An explicit setting wins.
            var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            if (!ConnectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase) &&
                !ConnectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
            {
                npgsql.NoResetOnClose = true;
            }

            // Without preparation PostgreSQL parses, analyses and plans every statement of every burst and task again:
            // about a third of its CPU in the capacity scenario. Npgsql prepares a statement on a connection once it has
            // run there a few times and keeps it while the physical connection lives. 256 is Npgsql's ceiling; the store's
            // statement shapes (IN lists of up to a lease batch) fit in it. An explicit setting wins (0 turns it off, for
            // a pooler that cannot keep prepared statements).
            if (!ConnectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase) &&
                !ConnectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
            {
                npgsql.MaxAutoPrepare = MaxAutoPrepare;
            }

            return npgsql.ConnectionString;
        }

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            builder.DataSource = Path.Combine(DataFolder, "patientdocs.db");
        }

        if (builder.DefaultTimeout == 30 && !ConnectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.DefaultTimeout = 60;
        }

        return builder.ToString();
    }
}
