using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

public sealed class InMemoryBulkDispatchTests : BulkDispatchTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.InMemoryAsync();
}
