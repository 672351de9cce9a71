using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

public sealed class InMemoryChildWorkflowTests : ChildWorkflowTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.InMemoryAsync();
}
