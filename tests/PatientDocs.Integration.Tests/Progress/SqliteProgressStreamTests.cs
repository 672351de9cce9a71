namespace PatientDocs.Integration.Tests.Progress;

public sealed class SqliteProgressStreamTests : ProgressStreamTests
{
    protected override ProgressServer CreateServer() => new("Sqlite");
}
