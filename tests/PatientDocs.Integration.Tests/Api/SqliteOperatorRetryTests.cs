namespace PatientDocs.Integration.Tests.Api;

public sealed class SqliteOperatorRetryTests : OperatorRetryTests
{
    protected override OperatorRetryServer CreateServer() => new("Sqlite");
}
