using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

public sealed class InMemorySendHttpRequestCaseTests : SendHttpRequestCaseTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.InMemoryAsync();
}
