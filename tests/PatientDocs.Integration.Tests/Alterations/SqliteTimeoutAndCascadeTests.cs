using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Alterations;

public sealed class SqliteTimeoutAndCascadeTests : TimeoutAndCascadeTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
