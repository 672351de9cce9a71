using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Alterations;

[RequiresPostgres]
public sealed class PostgresAlterationTests(PostgresDatabase database) : AlterationTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
