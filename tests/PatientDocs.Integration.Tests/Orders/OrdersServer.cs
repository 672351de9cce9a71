using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Orders;

/// <summary>
/// A server on one SQL store with the orders module's workflows imported, at TimeScale 1 so the module's sub-second
/// timeouts are real; the stubs never fail or hang unless a test says otherwise.
/// </summary>
public sealed class OrdersServer(string provider, string? connectionString = null) : ServerFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:Store:Provider"] = provider;
        settings["PatientDocs:Store:ConnectionString"] = connectionString
            ?? (provider == "Sqlite" ? $"Data Source={Path.Combine(DataFolder, "patientdocs.db")}" : "");
        settings["PatientDocs:TimeScale"] = "1";
        settings["PatientDocs:ImportModuleWorkflows"] = "true";
        settings["PatientDocs:Patients:SeedCount"] = "1";
        settings["Orders:ReviewTimeout"] = "01:00:00";
        settings["Orders:Stubs:FailureRate"] = "0";
        settings["Orders:Stubs:HangRate"] = "0";
        settings["Orders:Stubs:Seed"] = "17";
        return settings;
    }
}
