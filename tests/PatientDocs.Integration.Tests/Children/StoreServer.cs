using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

/// <summary>A server on one SQL store (SQLite in its data folder unless a connection string is given), nothing else changed.</summary>
public sealed class StoreServer(string provider, string? connectionString = null) : ServerFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:Store:Provider"] = provider;
        settings["PatientDocs:Store:ConnectionString"] = connectionString
            ?? (provider == "Sqlite" ? $"Data Source={Path.Combine(DataFolder, "patientdocs.db")}" : "");
        return settings;
    }
}
