using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

public sealed class SqliteScheduleWorkerTests : ScheduleWorkerTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
