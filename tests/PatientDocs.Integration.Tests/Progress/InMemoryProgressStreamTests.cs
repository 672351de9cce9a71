namespace PatientDocs.Integration.Tests.Progress;

public sealed class InMemoryProgressStreamTests : ProgressStreamTests
{
    protected override ProgressServer CreateServer() => new("InMemory");
}
