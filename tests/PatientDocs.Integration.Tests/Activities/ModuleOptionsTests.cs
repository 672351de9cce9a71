using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientDocs.Activities.ActivityLog;
using PatientDocs.Activities.Clients.DocumentExchange;
using PatientDocs.Activities.Conversion;
using PatientDocs.Activities.Storage;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Integration.Tests.Activities;

public sealed class ModuleOptionsTests
{
    [Fact]
    public void Options_WithABadBaseUrlAndMemoryAbove1024_FailNamingEachField()
    {
        using var host = new ModuleHost(settings: new()
        {
            ["PatientDocs:Services:DocumentExchange:BaseUrl"] = "not a url",
            ["PatientDocs:Services:Conversion:MaxMemoryPerFileMb"] = "2048",
        });

        var docex = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<DocumentExchangeOptions>>().Value);
        var conversion = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<ConversionOptions>>().Value);

        Assert.Contains("PatientDocs:Services:DocumentExchange:BaseUrl", docex.Message);
        Assert.Contains("PatientDocs:Services:Conversion:MinMemoryPerFileMb", conversion.Message);
    }

    [Fact]
    public void Module_RegistersTheActivityLogObserverOverTheDataFolder()
    {
        using var host = new ModuleHost();

        Assert.IsType<ActivityLogObserver>(Assert.Single(host.Services.GetServices<IActivityObserver>()));
        Assert.Equal(Path.Combine(host.DataFolder, "activity-log.csv"), host.Get<CsvActivityLog>().Path);
        Assert.Equal(Path.Combine(host.DataFolder, "documents"), host.Get<DocumentStore>().DocumentsRoot);
    }

    [Fact]
    public void StorageDataFolder_FallsBackToTheSharedDataFolder()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PatientDocs:DataFolder"] = "/tmp/shared-data" })
            .Build();
        var services = new ServiceCollection();
        PatientDocs.Activities.PatientDocumentsServiceCollectionExtensions.AddPatientDocumentsModule(services, configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("/tmp/shared-data", provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataFolder);
    }
}
