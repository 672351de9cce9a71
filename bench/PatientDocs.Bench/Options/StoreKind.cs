namespace PatientDocs.Bench.Options;

public enum StoreKind
{
    Sqlite,
    Postgres,
}
