using Microsoft.Extensions.Options;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Server.Importing;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// Runs the modules' start-up tasks (seed data, a killed node's leftovers) and imports the workflow files. Registered after
/// the store's migration service and before the runtime's workers; hosted services start one after another in registration
/// order, so the schema is current here and no worker runs before the definitions exist. Last, the interpreter's warm-up and
/// the task claim's, so the first bursts and claims run compiled code.
/// </summary>
public sealed partial class StartupInitializer(
    IEnumerable<IStartupTask> tasks,
    WorkflowImporter importer,
    WorkflowInterpreter interpreter,
    IWorkflowStore store,
    TaskQueueCatalog catalog,
    IOptions<RuntimeOptions> runtime,
    TimeProvider time,
    IOptions<ServerOptions> options,
    ILogger<StartupInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataFolderPath());
        foreach (var task in tasks)
        {
            await task.RunAsync(cancellationToken);
        }

        await importer.ImportAllAsync(cancellationToken);
        if (options.Value.WarmUp)
        {
            var (elapsed, result) = InterpreterWarmUp.Run(interpreter);
            LogWarmedUp(logger, elapsed.TotalMilliseconds, result.SubStatus);
            var claims = await StoreWarmUp.RunAsync(store, catalog, runtime.Value, time, cancellationToken);
            LogStoreWarmedUp(logger, claims.TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task claims warmed up in {Milliseconds:0} ms.")]
    private static partial void LogStoreWarmedUp(ILogger logger, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interpreter warmed up in {Milliseconds:0} ms (its workflow ended {SubStatus}).")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds, WorkflowSubStatus subStatus);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
