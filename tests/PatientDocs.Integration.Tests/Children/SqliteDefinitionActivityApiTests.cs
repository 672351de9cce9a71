namespace PatientDocs.Integration.Tests.Children;

public sealed class SqliteDefinitionActivityApiTests : DefinitionActivityApiTests
{
    protected override StoreServer CreateServer() => new("Sqlite");
}
