using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

[RequiresPostgres]
public sealed class PostgresScheduleWorkerTests(PostgresDatabase database) : ScheduleWorkerTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);
}
