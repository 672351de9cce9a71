using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

public sealed class SqliteBulkDispatchTests : BulkDispatchTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
