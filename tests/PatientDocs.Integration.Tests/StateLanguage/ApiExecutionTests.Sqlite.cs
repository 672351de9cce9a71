namespace PatientDocs.Integration.Tests.StateLanguage;

public sealed class SqliteApiExecutionTests : ApiExecutionTests
{
    protected override StateLanguageServer CreateServer() => new("Sqlite");
}
