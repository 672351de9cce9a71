using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

[RequiresPostgres]
public sealed class PostgresTaskTimeoutTests(PostgresDatabase database) : TaskTimeoutTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
