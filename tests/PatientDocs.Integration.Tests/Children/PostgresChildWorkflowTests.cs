using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

[RequiresPostgres]
public sealed class PostgresChildWorkflowTests(PostgresDatabase database) : ChildWorkflowTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
