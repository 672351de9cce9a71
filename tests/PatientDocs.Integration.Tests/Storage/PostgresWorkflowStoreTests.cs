using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;

namespace PatientDocs.Integration.Tests.Storage;

[RequiresPostgres]
public sealed class PostgresWorkflowStoreTests(PostgresDatabase database) : WorkflowStoreContractTests, IClassFixture<PostgresDatabase>
{
    private readonly List<ServiceProvider> providers = [];

    protected override async Task<IWorkflowStore> CreateStoreAsync()
    {
        var services = Build();
        await services.GetRequiredService<StoreMigrator>().MigrateAsync();
        await TruncateAsync();
        return services.GetRequiredService<IWorkflowStore>();
    }

    protected override IWorkflowStore CreateSecondNode() => Build().GetRequiredService<IWorkflowStore>();

    protected override bool CommitsResumedBurstsWithTheirTask => true;

    protected override async Task DisposeStoreAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }
    }

    private ServiceProvider Build()
    {
        var provider = new ServiceCollection()
            // The contract drives a synthetic clock through each call's Now; PostgresLimitClockTests covers the database's clock.
            .AddPatientDocsPersistence(new StoreOptions { Provider = StoreProvider.PostgreSql, ConnectionString = database.ConnectionString, LimitsOnDatabaseClock = false })
            .BuildServiceProvider();
        providers.Add(provider);
        return provider;
    }

    // The class shares one database; each test starts from empty tables.
    private async Task TruncateAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "TRUNCATE definition_versions, instances, bookmarks, work_items, tasks, task_groups, rate_limits, rate_limit_grants, journal, activity_executions, activity_log",
            connection);
        await command.ExecuteNonQueryAsync();
    }
}
