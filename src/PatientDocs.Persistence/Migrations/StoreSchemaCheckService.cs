using Microsoft.Extensions.Hosting;

namespace PatientDocs.Persistence.Migrations;

/// <summary>Without migrate-on-start, refuses to start unless the schema is exactly the one this build knows.</summary>
internal sealed class StoreSchemaCheckService(StoreMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.CheckAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
