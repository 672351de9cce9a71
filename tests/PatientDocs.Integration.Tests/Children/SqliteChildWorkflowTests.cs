using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

public sealed class SqliteChildWorkflowTests : ChildWorkflowTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
