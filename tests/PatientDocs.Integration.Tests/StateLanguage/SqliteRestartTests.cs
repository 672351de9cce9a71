namespace PatientDocs.Integration.Tests.StateLanguage;

public sealed class SqliteRestartTests : RestartTests
{
    protected override IEnumerable<string> StoreArguments(string folder) => ["--PatientDocs:Store:Provider=Sqlite"];
}
