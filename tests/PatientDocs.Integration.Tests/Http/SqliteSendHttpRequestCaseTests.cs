using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

public sealed class SqliteSendHttpRequestCaseTests : SendHttpRequestCaseTests
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.SqliteAsync();
}
