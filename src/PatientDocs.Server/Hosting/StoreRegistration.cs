using Microsoft.Extensions.Options;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence;
using PersistenceProvider = PatientDocs.Persistence.StoreProvider;
using PersistenceStoreOptions = PatientDocs.Persistence.StoreOptions;

namespace PatientDocs.Server.Hosting;

/// <summary>Picks the store from <c>PatientDocs:Store:Provider</c>; modules add their own tables to the same database.</summary>
public static class StoreRegistration
{
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
