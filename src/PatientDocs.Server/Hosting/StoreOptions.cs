namespace PatientDocs.Server.Hosting;

/// <summary>Section <c>PatientDocs:Store</c>.</summary>
public sealed class StoreOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite the default is <c>patientdocs.db</c> in the data folder.</summary>
    public string? ConnectionString { get; set; }
}
