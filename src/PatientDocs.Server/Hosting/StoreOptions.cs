namespace PatientDocs.Server.Hosting;

/// <summary>Section <c>PatientDocs:Store</c>.</summary>
public sealed class StoreOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite the default is <c>patientdocs.db</c> in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Apply pending migrations at start. False only checks the schema is the one this build knows (it refuses to start
    /// otherwise), for deployments that migrate in a separate step: <c>PatientDocs.Server migrate</c>.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;
}
