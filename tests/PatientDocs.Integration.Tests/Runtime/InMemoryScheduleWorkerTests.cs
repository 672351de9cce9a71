using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

public sealed class InMemoryScheduleWorkerTests : ScheduleWorkerTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.InMemoryAsync();
}
