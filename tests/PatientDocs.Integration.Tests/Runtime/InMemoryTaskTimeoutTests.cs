using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

public sealed class InMemoryTaskTimeoutTests : TaskTimeoutTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.InMemoryAsync();
}
