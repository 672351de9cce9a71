using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

[RequiresPostgres]
public sealed class PostgresTaskWorkerTests(PostgresDatabase database) : TaskWorkerTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
