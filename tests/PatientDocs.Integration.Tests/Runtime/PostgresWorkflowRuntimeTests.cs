using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

[RequiresPostgres]
public sealed class PostgresWorkflowRuntimeTests(PostgresDatabase database) : WorkflowRuntimeTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
