namespace PatientDocs.Bench.Options;

public enum StoreKind
{
    Sqlite,
    Postgres,

    /// <summary>The engine's in-memory store: no durability, for measuring the engine without a database.</summary>
    Memory,
}
