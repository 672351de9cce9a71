using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Alterations;

public sealed class SqliteAlterationTests : AlterationTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
