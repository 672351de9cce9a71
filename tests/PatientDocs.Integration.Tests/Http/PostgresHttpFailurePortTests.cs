using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

[RequiresPostgres]
public sealed class PostgresHttpFailurePortTests(PostgresDatabase database) : HttpFailurePortTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
