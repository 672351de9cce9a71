namespace PatientDocs.Integration.Tests.Api;

public sealed class InMemoryOperatorRetryTests : OperatorRetryTests
{
    protected override OperatorRetryServer CreateServer() => new("InMemory");
}
