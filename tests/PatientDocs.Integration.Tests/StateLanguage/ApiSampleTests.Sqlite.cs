namespace PatientDocs.Integration.Tests.StateLanguage;

public sealed class SqliteApiSampleTests : ApiSampleTests
{
    protected override StateLanguageServer CreateServer() => new("Sqlite");
}
