namespace PatientDocs.Integration.Tests.Durability;

public sealed class SqliteHttpFlowRestartTests : HttpFlowRestartTests
{
    protected override IEnumerable<string> StoreArguments(string folder) => ["--PatientDocs:Store:Provider=Sqlite"];
}
