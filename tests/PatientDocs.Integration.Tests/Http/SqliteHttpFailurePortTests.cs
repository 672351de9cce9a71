using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

public sealed class SqliteHttpFailurePortTests : HttpFailurePortTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
