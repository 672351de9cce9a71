using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Http;

public sealed class SqliteHeldResponseTests : HeldResponseTests, IDisposable
{
    private readonly TempFolder _folder = new("pd-held");

    // One file for every node of a test.
    protected override (string Provider, string ConnectionString) Store() => ("Sqlite", $"Data Source={Path.Combine(_folder.Path, "patientdocs.db")}");

    public void Dispose() => _folder.Dispose();
}
