using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

[RequiresPostgres]
public sealed class PostgresBulkDispatchTests(PostgresDatabase database) : BulkDispatchTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
