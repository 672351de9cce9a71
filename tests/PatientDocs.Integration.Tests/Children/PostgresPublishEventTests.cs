using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

[RequiresPostgres]
public sealed class PostgresPublishEventTests(PostgresDatabase database) : PublishEventTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
