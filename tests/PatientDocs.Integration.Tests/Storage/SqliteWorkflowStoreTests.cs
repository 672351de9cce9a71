using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;

namespace PatientDocs.Integration.Tests.Storage;

public sealed class SqliteWorkflowStoreTests : WorkflowStoreContractTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"pd-store-{Guid.NewGuid():N}");
    private readonly List<ServiceProvider> providers = [];

    protected override async Task<IWorkflowStore> CreateStoreAsync()
    {
        var services = Build();
        await services.GetRequiredService<StoreMigrator>().MigrateAsync();
        return services.GetRequiredService<IWorkflowStore>();
    }

    protected override IWorkflowStore CreateSecondNode() => Build().GetRequiredService<IWorkflowStore>();

    protected override bool NumbersActivityLogOnCommit => true;

    protected override async Task DisposeStoreAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private ServiceProvider Build()
    {
        var provider = new ServiceCollection()
            .AddPatientDocsPersistence(new StoreOptions { Provider = StoreProvider.Sqlite, DataFolder = folder })
            .BuildServiceProvider();
        providers.Add(provider);
        return provider;
    }
}
