using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;

namespace PatientDocs.Integration.Tests.Storage;

[RequiresPostgres]
public sealed class PostgresStoreMigratorTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [StoreFact]
    public async Task Migrate_TwoProcessesAtOnceThenAgain_AppliesEachScriptOnce()
    {
        await using var one = Build();
        await using var two = Build();

        var concurrent = await Task.WhenAll(
            Task.Run(() => one.GetRequiredService<StoreMigrator>().MigrateAsync()),
            Task.Run(() => two.GetRequiredService<StoreMigrator>().MigrateAsync()));
        var again = await one.GetRequiredService<StoreMigrator>().MigrateAsync();

        var expected = StoreMigrator.LoadScripts(StoreProvider.PostgreSql).Select(s => s.Version).ToList();
        Assert.Equal(expected, concurrent.SelectMany(v => v).Order());
        Assert.Empty(again);
        await StoreMigratorTests.AssertPatientsAndActivityLogWorkAsync(one);
    }

    private ServiceProvider Build() => StoreMigratorTests.WithPatientsModule(new ServiceCollection()
        .AddPatientDocsPersistence(new StoreOptions { Provider = StoreProvider.PostgreSql, ConnectionString = database.ConnectionString }))
        .BuildServiceProvider();
}
