using Microsoft.Extensions.Options;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Elsa's alteration runner, made durable: each instance gets an <see cref="WorkItemKind.Alter"/> work item, applied in a
/// burst under the instance's lease (so never beside another node's burst, and again after a crash). When this node can take
/// the lease at once the burst runs before the answer; otherwise the node holding the instance applies it.
/// </summary>
public sealed class AlterationRunner(IWorkflowStore store, InstanceWorker worker, WorkSignal signal, TimeProvider time, IOptions<RuntimeOptions> options)
{
    private const string Field = "alterations";
    private readonly RuntimeOptions _options = options.Value;

    public async Task<AlterationRun> RunAsync(IReadOnlyList<string> instanceIds, IReadOnlyList<Alteration> alterations, CancellationToken cancellationToken = default)
    {
        var errors = new List<AlterationError>();
        var results = new Dictionary<string, AlterationResult>(StringComparer.Ordinal);
        var found = new List<InstanceRecord>();
        var migrate = alterations.OfType<Migrate>().FirstOrDefault();
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
        {
            var instance = await store.FindInstanceAsync(id, cancellationToken).ConfigureAwait(false);
            if (instance is null)
            {
                results[id] = Failed(id, $"Workflow instance '{id}' was not found.");
                continue;
            }

            var definition = migrate is null
                ? await store.FindDefinitionVersionAsync(instance.DefinitionVersionId, cancellationToken).ConfigureAwait(false)
                : await store.FindDefinitionAsync(instance.DefinitionId, new VersionOptions(VersionSelector.SpecificVersion, migrate.TargetVersion), cancellationToken).ConfigureAwait(false);
            if (definition is null && migrate is not null)
            {
                var at = alterations.ToList().IndexOf(migrate);
                errors.Add(new AlterationError($"{Field}[{at}].targetVersion", $"Version {migrate.TargetVersion} of workflow definition '{instance.DefinitionId}' (instance '{id}') does not exist."));
                continue;
            }

            if (definition is null)
            {
                results[id] = Failed(id, $"Definition version '{instance.DefinitionVersionId}' of the instance no longer exists.");
                continue;
            }

            AlterationDefinitionCheck.Check(WorkflowModel.For(definition), definition.DefinitionId, definition.Version, alterations, Field, errors);
            found.Add(instance);
        }

        if (errors.Count > 0)
        {
            return new AlterationRun(errors.Distinct().ToList(), []);
        }

        foreach (var instance in found)
        {
            results[instance.Id] = await ApplyAsync(instance, alterations, cancellationToken).ConfigureAwait(false);
        }

        return new AlterationRun([], instanceIds.Distinct(StringComparer.Ordinal).Select(id => results[id]).ToList());
    }

    private async Task<AlterationResult> ApplyAsync(InstanceRecord instance, IReadOnlyList<Alteration> alterations, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var item = new WorkItemRecord
        {
            Id = RuntimeIds.New(now),
            InstanceId = instance.Id,
            Kind = WorkItemKind.Alter,
            Payload = AlterationJson.ToJson(alterations).ToJsonString(),
            AvailableAt = now,
            CreatedAt = now,
        };
        await store.AddWorkItemsAsync([item], cancellationToken).ConfigureAwait(false);
        var leased = await store.LeaseInstanceAsync(instance.Id, _options.NodeId, now, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (leased is null)
        {
            signal.NotifyInstanceWork();
            return Queued(instance.Id, "The instance is running on a node now; that node applies the alterations under its lease.");
        }

        BurstResult? outcome = null;
        await worker.ProcessAsync(leased, cancellationToken, result => outcome = result.AlterationLog is null ? outcome : result).ConfigureAwait(false);
        if (outcome is null)
        {
            // The burst did not commit (lost lease, failure): the work item stays and runs again.
            signal.NotifyInstanceWork();
            return Queued(instance.Id, "The alterations are stored and will be applied by the next burst of the instance.");
        }

        var at = time.GetUtcNow();
        var log = (outcome.AlterationLog ?? []).Select(m => new AlterationLogEntry(m, outcome.Ignored ? "Warning" : "Information", at)).ToList();
        return new AlterationResult(instance.Id, !outcome.Ignored, !outcome.Ignored && outcome.Status != WorkflowStatus.Finished, log);
    }

    private AlterationResult Failed(string id, string message) =>
        new(id, false, false, [new AlterationLogEntry(message, "Warning", time.GetUtcNow())]);

    private AlterationResult Queued(string id, string message) =>
        new(id, true, true, [new AlterationLogEntry(message, "Information", time.GetUtcNow())]);
}
