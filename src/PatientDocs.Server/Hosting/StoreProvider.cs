namespace PatientDocs.Server.Hosting;

public enum StoreProvider
{
    Sqlite,
    PostgreSql,
    InMemory,
}
