using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Compiling;
using PatientDocs.StateLanguage.Hosting;
using PatientDocs.StateLanguage.Language;
using PatientDocs.StateLanguage.Resources;
using PatientDocs.StateLanguage.Storage;

namespace PatientDocs.StateLanguage.Registration;

/// <summary>
/// Registers a definition: read, validate, compile, then the module's row (its primary key decides a second registration
/// of one version) and the engine definition version it runs as, which becomes the latest and the published one.
/// </summary>
public sealed partial class WorkflowRegistrar(
    StateLanguageStore rows, IWorkflowStore engine, TaskResources resources, IOptions<StateLanguageOptions> options, TimeProvider time, ILogger<WorkflowRegistrar> logger) : IDisposable
{
    private const int MaxVersionsRead = 10_000;

    // Engine version numbers are handed out one registration at a time on this node (and, through the store, in the cluster).
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task<RegistrationResult> RegisterAsync(string text, DefinitionFormat format, CancellationToken cancellationToken = default)
    {
        var read = StateMachineReader.Read(text, format);
        if (read.Errors.Count > 0 || read.Machine is not { } machine)
        {
            return RegistrationResult.Invalid(read.Errors);
        }

        var errors = StateMachineValidator.Validate(machine);
        if (errors.Count > 0)
        {
            return RegistrationResult.Invalid(errors);
        }

        return await RegisterAsync(machine, cancellationToken);
    }

    /// <summary>Registers a machine <see cref="StateMachineValidator"/> found nothing wrong with.</summary>
    public async Task<RegistrationResult> RegisterAsync(StateMachine machine, CancellationToken cancellationToken = default)
    {
        var queues = options.Value.ResourceQueues;
        var compiled = StateMachineCompiler.Compile(machine, resource => queues.GetValueOrDefault(resource) ?? resources.QueueFor(resource));
        await _turn.WaitAsync(cancellationToken);
        try
        {
            // Other nodes number this definition's versions too: the store's lock makes them take turns with this one.
            await using var numbering = await engine.LockDefinitionAsync(compiled.DefinitionId, cancellationToken);
            if (await rows.FindWorkflowAsync(machine.Name, machine.Version, cancellationToken) is not null)
            {
                return RegistrationResult.Exists(machine.Name, machine.Version);
            }

            var existing = await engine.ListDefinitionsAsync(
                new DefinitionQuery { DefinitionIds = [compiled.DefinitionId], VersionOptions = VersionOptions.AllVersions, PageSize = MaxVersionsRead },
                cancellationToken);
            var now = time.GetUtcNow();
            compiled.Id = Guid.CreateVersion7(now).ToString("N");
            compiled.Version = existing.Items.Select(v => v.Version).DefaultIfEmpty(0).Max() + 1;
            compiled.IsLatest = true;
            compiled.IsPublished = true;
            compiled.CreatedAt = now;
            var row = new WorkflowRow
            {
                Name = machine.Name,
                Version = machine.Version,
                DefinitionId = compiled.DefinitionId,
                EngineVersion = compiled.Version,
                Definition = DefinitionJson.From(machine).ToJsonString(),
                StartAt = machine.StartAt,
                StateCount = machine.States.Count,
                RegisteredAt = now,
            };
            if (!await rows.InsertWorkflowAsync(row, cancellationToken))
            {
                return RegistrationResult.Exists(machine.Name, machine.Version);
            }

            // The earlier versions stay runnable by number; only the new one is the latest and the published one.
            var changed = existing.Items.Where(v => v.IsLatest || v.IsPublished).Select(v =>
            {
                v.IsLatest = false;
                v.IsPublished = false;
                return v;
            }).ToList();
            changed.Add(compiled);
            try
            {
                await engine.SaveDefinitionVersionsAsync(changed, cancellationToken);
            }
            catch
            {
                await rows.DeleteWorkflowAsync(row.Name, row.Version, CancellationToken.None);
                throw;
            }

            LogRegistered(logger, row.Name, row.Version, row.DefinitionId, row.EngineVersion);
            return new RegistrationResult(row, [], false, row.Name, row.Version);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered state-language workflow {Name} {Version} as {DefinitionId} version {EngineVersion}.")]
    private static partial void LogRegistered(ILogger logger, string name, string version, string definitionId, int engineVersion);
}
