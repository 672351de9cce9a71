using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

public sealed class SqliteTaskTimeoutTests : TaskTimeoutTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
