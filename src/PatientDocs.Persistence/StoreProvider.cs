namespace PatientDocs.Persistence;

public enum StoreProvider
{
    Sqlite,
    PostgreSql,
}
