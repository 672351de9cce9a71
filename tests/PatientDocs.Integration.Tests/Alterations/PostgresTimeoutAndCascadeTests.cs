using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Alterations;

[RequiresPostgres]
public sealed class PostgresTimeoutAndCascadeTests(PostgresDatabase database) : TimeoutAndCascadeTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
