using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Migrations;
using PatientDocs.Persistence.Schema;
using PatientDocs.Persistence.Store;

namespace PatientDocs.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the EF store as <see cref="IWorkflowStore"/>, <c>IDbContextFactory&lt;PatientDocsDbContext&gt;</c>, the
    /// <see cref="StoreMigrator"/> and a hosted service that, first of all, migrates (<see cref="StoreOptions.MigrateOnStart"/>) or
    /// checks the schema is current.
    /// </summary>
    public static IServiceCollection AddPatientDocsPersistence(this IServiceCollection services, StoreOptions options)
    {
        options.Validate();
        if (options.Provider == StoreProvider.Sqlite)
        {
            var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ResolveConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        // Pooled: the store opens a context per call, and a fresh one would rebuild its services every time.
        services.AddPooledDbContextFactory<PatientDocsDbContext>(builder => Configure(builder, options));
        services.AddSingleton<StoreWriteGate>();
        services.AddSingleton<StoreMigrator>();
        services.AddSingleton<EfWorkflowStore>();
        services.AddSingleton<IWorkflowStore>(sp => sp.GetRequiredService<EfWorkflowStore>());
        if (options.MigrateOnStart)
        {
            // Hosted services start in registration order: first place means the schema is current before any worker runs.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StoreMigrationService>());
        }
        else
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StoreSchemaCheckService>());
        }

        return services;
    }

    /// <summary>
    /// A module's own tables, migrated with the engine's at start (see <see cref="ModuleSchema"/>); a module's DbContext
    /// is configured with <see cref="Configure"/> and the registered <see cref="StoreOptions"/>.
    /// </summary>
    public static IServiceCollection AddModuleSchema(this IServiceCollection services, string name, System.Reflection.Assembly assembly) =>
        services.AddSingleton(new ModuleSchema(name, assembly));

    /// <summary>Configures a context for the provider (also used by tests that build a store without a container).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, StoreOptions options)
    {
        var connectionString = options.ResolveConnectionString();
        if (options.Provider == StoreProvider.PostgreSql)
        {
            builder.UseNpgsql(connectionString);
        }
        else
        {
            builder.UseSqlite(connectionString).AddInterceptors(new SqlitePragmaInterceptor());
        }

        return builder;
    }
}
