using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Integration.Tests.Storage;

public sealed class StoreMigratorTests
{
    [Fact]
    public async Task Migrate_RunTwiceOnSqlite_AppliesEachScriptOnce()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pd-migrate-{Guid.NewGuid():N}");
        try
        {
            await using var services = new ServiceCollection()
                .AddPatientDocsPersistence(new StoreOptions { Provider = StoreProvider.Sqlite, DataFolder = folder })
                .BuildServiceProvider();
            var migrator = services.GetRequiredService<StoreMigrator>();

            var first = await migrator.MigrateAsync();
            var second = await migrator.MigrateAsync();

            Assert.Equal(StoreMigrator.LoadScripts(StoreProvider.Sqlite).Select(s => s.Version), first);
            Assert.Empty(second);
            Assert.True(File.Exists(Path.Combine(folder, "patientdocs.db")));
            await AssertPatientsAndActivityLogWorkAsync(services);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void LoadScripts_BothProviders_HaveTheSameVersions()
    {
        var sqlite = StoreMigrator.LoadScripts(StoreProvider.Sqlite).Select(s => s.Version).ToList();
        var postgres = StoreMigrator.LoadScripts(StoreProvider.PostgreSql).Select(s => s.Version).ToList();

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
    }

    internal static async Task AssertPatientsAndActivityLogWorkAsync(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PatientDocsDbContext>>();
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Patients.Add(new PatientRow { Id = "P000001", FirstName = "Ada", LastName = "Lovelace", UpdatedAt = at });
            db.ActivityLog.Add(new ActivityLogRow { Timestamp = at, Phase = "Started", InstanceId = "i1", ActivityId = "a1", ActivityType = "T", Arguments = "{}" });
            db.ActivityLog.Add(new ActivityLogRow { Timestamp = at, Phase = "Completed", InstanceId = "i1", ActivityId = "a1", ActivityType = "T", Arguments = "{}" });
            await db.SaveChangesAsync();
        }

        await using var read = await factory.CreateDbContextAsync();
        var patient = await read.Patients.SingleAsync(p => p.Id == "P000001");
        var log = await read.ActivityLog.OrderBy(l => l.Id).ToListAsync();
        Assert.Equal(at, patient.UpdatedAt);
        Assert.Equal(["Started", "Completed"], log.Select(l => l.Phase));
        Assert.True(log[1].Id > log[0].Id);
    }
}
