using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Alterations;

public sealed class InMemoryTimeoutAndCascadeTests : TimeoutAndCascadeTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.InMemoryAsync();
}
