using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence;
using PersistenceProvider = PatientDocs.Persistence.StoreProvider;
using PersistenceStoreOptions = PatientDocs.Persistence.StoreOptions;

namespace PatientDocs.Server.Hosting;

/// <summary>Picks the store from <c>PatientDocs:Store:Provider</c>; modules add their own tables to the same database.</summary>
public static class StoreRegistration
{
    /// <summary>Bursts run at once on a node on SQLite, unless configured.</summary>
    public const int SqliteInstanceConcurrency = 16;

    public static IServiceCollection AddPatientDocsStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();

        // The store is chosen now, before ValidateOnStart runs, so its settings are checked here with the same messages.
        if (new ServerOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(ServerOptions.SectionName, typeof(ServerOptions), invalid.Failures);
        }

        if (options.Store.Provider == StoreProvider.InMemory)
        {
            services.AddSingleton<IWorkflowStore, InMemoryWorkflowStore>();
            return services;
        }

        if (options.Store.Provider == StoreProvider.Sqlite)
        {
            // Bursts in flight together share the single writer's group commits: at 16, 2.7 writes a commit instead of
            // 1.25 and half the pages per task. Measured on 2 cores: start-storm (10,000) 1.31-1.47 of the bound against
            // 1.45-1.65 at 4, the bench baseline (1000 instances) 1.018 either way. On PostgreSQL, where the database
            // shares the cores, the baseline was 1.067-1.072 at 16 against 1.050 at 4, so it keeps the engine's 4.
            // Registered before the configuration is bound, so PatientDocs:InstanceConcurrency still wins.
            services.AddOptions<RuntimeOptions>().Configure(o => o.InstanceConcurrency = SqliteInstanceConcurrency);
        }

        services.AddPatientDocsPersistence(new PersistenceStoreOptions
        {
            Provider = options.Store.Provider == StoreProvider.PostgreSql ? PersistenceProvider.PostgreSql : PersistenceProvider.Sqlite,
            ConnectionString = options.Store.ConnectionString ?? "",
            DataFolder = options.DataFolderPath(),
            MigrateOnStart = options.Store.MigrateOnStart,
        });
        return services;
    }
}
