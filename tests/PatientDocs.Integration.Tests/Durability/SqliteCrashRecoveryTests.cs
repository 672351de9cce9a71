namespace PatientDocs.Integration.Tests.Durability;

public sealed class SqliteCrashRecoveryTests : CrashRecoveryTests
{
    protected override IEnumerable<string> StoreArguments(string folder) => ["--PatientDocs:Store:Provider=Sqlite"];
}
