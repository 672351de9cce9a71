using Microsoft.Extensions.Hosting;

namespace PatientDocs.Persistence.Migrations;

/// <summary>Migrates the store when the host starts; registered first so no worker touches an old schema.</summary>
internal sealed class StoreMigrationService(StoreMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
