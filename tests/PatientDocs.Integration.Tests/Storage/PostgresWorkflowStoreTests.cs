using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;
using static PatientDocs.Testing.StoreSamples;

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

    [Fact]
    public async Task Completions_OnOneConnection_AfterOneFailsInTheBatchThatCarriesItsCommit_CommitOnIt_AndLeaveItIdle()
    {
        // A completion's last writes go out with its COMMIT. On a pool of one connection, a completion whose batch fails
        // must leave that connection outside any transaction, so the next completions commit on it.
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0), Task("t2", "q", T0)]);
        const string application = "pd-one-connection";
        var single = Build(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1, ApplicationName = application }.ConnectionString)
            .GetRequiredService<IWorkflowStore>();
        Assert.Equal(2, (await single.ClaimTasksAsync(Claim(T0, "node-a", 2, "q"))).Tasks.Count);
        var now = T0.AddSeconds(2);

        await Assert.ThrowsAnyAsync<PostgresException>(() => single.CompleteTaskAndLeaseAsync(
            Resumed("t1", "i-tasks", now) with { LeaseInstanceFor = Lease, RunResumedBurst = EnqueuingATakenTaskId("t1", now) }));
        Assert.Equal(TaskState.Running, (await Store.FindTaskAsync("t1"))!.State);
        Assert.Null(await Store.NextWorkItemAtAsync());

        Assert.True(await single.CompleteTaskAsync(Resumed("t2", "i-tasks", now)));
        Assert.True(await single.CompleteTaskAsync(Resumed("t1", "i-tasks", now)));

        // Read on another connection: both completions were committed, each with its resume.
        Assert.Equal(TaskState.Completed, (await Store.FindTaskAsync("t1"))!.State);
        Assert.Equal(TaskState.Completed, (await Store.FindTaskAsync("t2"))!.State);
        Assert.Equal(["resume-t1", "resume-t2"], (await Store.LeaseInstanceAsync("i-tasks", "node-b", now, Lease))!.WorkItems.Select(w => w.Id).Order());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT state FROM pg_stat_activity WHERE application_name = @application", connection);
        command.Parameters.AddWithValue("application", application);
        Assert.Equal("idle", await command.ExecuteScalarAsync());
    }

    protected override async Task DisposeStoreAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }
    }

    private ServiceProvider Build(string? connectionString = null)
    {
        var provider = new ServiceCollection()
            // The contract drives a synthetic clock through each call's Now; PostgresLimitClockTests covers the database's clock.
            .AddPatientDocsPersistence(new StoreOptions
            {
                Provider = StoreProvider.PostgreSql,
                ConnectionString = connectionString ?? database.ConnectionString,
                LimitsOnDatabaseClock = false,
            })
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
