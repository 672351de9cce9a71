using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.PatientDocuments.ActivityLog;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Conversion;
using PatientDocs.PatientDocuments.Storage;

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
    public void ActivityLogOptions_WithNoBatchAndRetryDelaysTheWrongWayRound_FailNamingEachField()
    {
        using var host = new ModuleHost(settings: new()
        {
            ["PatientDocs:ActivityLog:BatchSize"] = "0",
            ["PatientDocs:ActivityLog:RetryInitialDelay"] = "00:01:00",
            ["PatientDocs:ActivityLog:RetryMaxDelay"] = "00:00:01",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<ActivityLogOptions>>().Value);

        Assert.Contains("PatientDocs:ActivityLog:BatchSize", error.Message);
        Assert.Contains("PatientDocs:ActivityLog:RetryInitialDelay", error.Message);
        Assert.DoesNotContain("PollInterval", error.Message);
    }

    [Fact]
    public void Module_RegistersTheActivityLogPumpOverTheDataFolder()
    {
        using var host = new ModuleHost();

        Assert.Same(host.Get<ActivityLogPump>(), Assert.Single(host.Services.GetServices<IHostedService>().OfType<ActivityLogPump>()));
        Assert.Empty(host.Services.GetServices<IActivityObserver>());
        Assert.Equal(Path.Combine(host.DataFolder, "activity-log.csv"), host.Get<CsvActivityLog>().Path);
        Assert.Equal(Path.Combine(host.DataFolder, "documents"), host.Get<DocumentStore>().DocumentsRoot);
    }

    [Fact]
    public void StorageRootAndNodeId_WhenSet_AreUsed_AndTheNodeIdFallsBackToTheConfiguredNodeName()
    {
        using var shared = new ModuleHost(settings: new() { ["PatientDocs:Storage:Root"] = "/mnt/shared/documents", ["PatientDocs:Storage:NodeId"] = "node-7" });
        using var named = new ModuleHost(settings: new() { ["PatientDocs:NodeId"] = "worker.3" });

        Assert.Equal(("/mnt/shared/documents", "node-7"), (shared.Get<DocumentStore>().DocumentsRoot, shared.Get<DocumentStore>().NodeId));
        Assert.Equal(Path.Combine("/mnt/shared/documents", ".tmp", "node-7"), shared.Get<DocumentStore>().TempFolder);
        Assert.Equal("worker-3", named.Get<DocumentStore>().NodeId);
        Assert.Equal("worker-3", named.Get<IOptions<StorageOptions>>().Value.NodeId);
    }

    [Fact]
    public void StorageNodeId_WithPathCharacters_FailsNamingTheKey()
    {
        using var host = new ModuleHost(settings: new() { ["PatientDocs:Storage:NodeId"] = "../other" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<StorageOptions>>().Value);

        Assert.Contains("PatientDocs:Storage:NodeId", error.Message);
    }

    [Fact]
    public void StorageDataFolder_FallsBackToTheSharedDataFolder()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PatientDocs:DataFolder"] = "/tmp/shared-data" })
            .Build();
        var services = new ServiceCollection();
        PatientDocs.PatientDocuments.Hosting.PatientDocumentsHosting.AddPatientDocumentsModule(services, configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("/tmp/shared-data", provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataFolder);
    }

    [Fact]
    public void ServiceLimits_WhenConfigurationIsSilent_AreTheSeedsLimits()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PatientDocs:Services:TaskTracker:Limits:Requests:Permits"] = "5" })
            .Build();
        var services = new ServiceCollection();
        PatientDocs.PatientDocuments.Hosting.PatientDocumentsHosting.AddPatientDocumentsModule(services, configuration);
        services.Configure<TaskServicesOptions>(o => configuration.GetSection(TaskServicesOptions.SectionName).Bind(o.Services));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TaskServicesOptions>>().Value;

        var docex = options.Services["DocumentExchange"];
        Assert.Equal((10, TimeSpan.FromMinutes(1)), (docex.Limits["SearchAndDownload"].Permits, docex.Limits["SearchAndDownload"].Period));
        Assert.Equal("SearchAndDownload", docex.Queues["docex-search"].Limit);
        Assert.Equal("SearchAndDownload", docex.Queues["docex-download"].Limit);
        Assert.Equal((10, TimeSpan.FromSeconds(1)), (docex.Limits["Status"].Permits, docex.Limits["Status"].Period));
        Assert.Equal(5, options.Services["TaskTracker"].Limits["Requests"].Permits);
        Assert.Equal(12 * 1024, options.Services["Conversion"].Queues["conversion"].Budget);
        Assert.Empty(options.Validate());
    }
}
