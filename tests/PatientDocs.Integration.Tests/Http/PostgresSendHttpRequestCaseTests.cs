using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

[RequiresPostgres]
public sealed class PostgresSendHttpRequestCaseTests(PostgresDatabase database) : SendHttpRequestCaseTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
