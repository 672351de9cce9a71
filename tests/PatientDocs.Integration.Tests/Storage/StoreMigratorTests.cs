using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.PatientDocuments;
using PatientDocs.PatientDocuments.Hosting;
using PatientDocs.PatientDocuments.Patients;
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
            await using var services = WithPatientsModule(new ServiceCollection()
                .AddPatientDocsPersistence(new StoreOptions { Provider = StoreProvider.Sqlite, DataFolder = folder }))
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

    /// <summary>The patient-documents module's schema and context, registered as the module registers them on a host.</summary>
    internal static IServiceCollection WithPatientsModule(IServiceCollection services) => services.AddPatientsDatabase();

    [Fact]
    public async Task Migrate_ADatabaseWhoseFirstEngineScriptCreatedThePatientsTable_RecordsTheModuleScript_AndKeepsItsRows()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pd-migrate-{Guid.NewGuid():N}");
        try
        {
            var options = new StoreOptions { Provider = StoreProvider.Sqlite, DataFolder = folder };
            await using (var engineOnly = new ServiceCollection().AddPatientDocsPersistence(options).BuildServiceProvider())
            {
                // Before modules had scripts of their own, the engine's first script created the patients table.
                await engineOnly.GetRequiredService<StoreMigrator>().MigrateAsync();
                await using var db = await engineOnly.GetRequiredService<IDbContextFactory<PatientDocsDbContext>>().CreateDbContextAsync();
                await db.Database.ExecuteSqlRawAsync(
                    "CREATE TABLE patients (id TEXT NOT NULL PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, documents_status TEXT NULL, updated_at INTEGER NULL);" +
                    "INSERT INTO patients (id, first_name, last_name) VALUES ('P000007', 'Grace', 'Hopper');");
            }

            await using var services = WithPatientsModule(new ServiceCollection().AddPatientDocsPersistence(options)).BuildServiceProvider();
            var applied = await services.GetRequiredService<StoreMigrator>().MigrateAsync();

            Assert.Empty(applied);
            await using var read = await services.GetRequiredService<IDbContextFactory<PatientsDbContext>>().CreateDbContextAsync();
            Assert.Equal("Grace", (await read.Patients.SingleAsync(p => p.Id == "P000007")).FirstName);
            var moduleVersions = await read.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_version_patient_documents").ToListAsync();
            Assert.Equal(StoreMigrator.LoadScripts(StoreProvider.Sqlite, PatientDocumentsModule.Assembly).Select(s => s.Version), moduleVersions);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void LoadScripts_TheModulesBothProviders_HaveTheSameVersions()
    {
        var sqlite = StoreMigrator.LoadScripts(StoreProvider.Sqlite, PatientDocumentsModule.Assembly).Select(s => s.Version).ToList();
        var postgres = StoreMigrator.LoadScripts(StoreProvider.PostgreSql, PatientDocumentsModule.Assembly).Select(s => s.Version).ToList();

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
    }

    /// <summary>The module's patients table (its own scripts) and the engine's activity log, after a migration.</summary>
    internal static async Task AssertPatientsAndActivityLogWorkAsync(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PatientDocsDbContext>>();
        var patients = services.GetRequiredService<IDbContextFactory<PatientsDbContext>>();
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await using (var db = await patients.CreateDbContextAsync())
        {
            db.Patients.Add(new PatientRow { Id = "P000001", FirstName = "Ada", LastName = "Lovelace", UpdatedAt = at });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            db.ActivityLog.Add(new ActivityLogRow { Timestamp = at, Phase = "Started", InstanceId = "i1", ActivityId = "a1", ActivityType = "T", Arguments = "{}" });
            db.ActivityLog.Add(new ActivityLogRow { Timestamp = at, Phase = "Completed", InstanceId = "i1", ActivityId = "a1", ActivityType = "T", Arguments = "{}" });
            await db.SaveChangesAsync();
        }

        await using var read = await factory.CreateDbContextAsync();
        await using var readPatients = await patients.CreateDbContextAsync();
        var patient = await readPatients.Patients.SingleAsync(p => p.Id == "P000001");
        var log = await read.ActivityLog.OrderBy(l => l.Id).ToListAsync();
        Assert.Equal(at, patient.UpdatedAt);
        Assert.Equal(["Started", "Completed"], log.Select(l => l.Phase));
        Assert.True(log[1].Id > log[0].Id);
    }
}
