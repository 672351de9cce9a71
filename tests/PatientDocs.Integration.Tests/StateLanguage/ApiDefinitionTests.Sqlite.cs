namespace PatientDocs.Integration.Tests.StateLanguage;

public sealed class SqliteApiDefinitionTests : ApiDefinitionTests
{
    protected override StateLanguageServer CreateServer() => new("Sqlite");
}
