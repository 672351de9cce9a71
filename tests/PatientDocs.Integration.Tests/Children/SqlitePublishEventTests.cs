using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

public sealed class SqlitePublishEventTests : PublishEventTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
