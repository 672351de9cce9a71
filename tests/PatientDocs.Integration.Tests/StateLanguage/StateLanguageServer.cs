using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>
/// A server on one SQL store with the state-language sample registered at start, at TimeScale 100: the sample's 30 s task
/// timeout is 300 ms against a 400 ms sleep, and a 1 s retry interval is 10 ms.
/// </summary>
public sealed class StateLanguageServer(string provider, string? connectionString = null) : ServerFactory
{
    public const int TimeScale = 100;

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:Store:Provider"] = provider;
        settings["PatientDocs:Store:ConnectionString"] = connectionString
            ?? (provider == "Sqlite" ? $"Data Source={Path.Combine(DataFolder, "patientdocs.db")}" : "");
        settings["PatientDocs:TimeScale"] = TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["PatientDocs:Patients:SeedCount"] = "1";
        settings["PatientDocs:StateLanguage:RegisterSample"] = "true";
        return settings;
    }
}
