using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Alterations;

public sealed class InMemoryAlterationTests : AlterationTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.InMemoryAsync();
}
