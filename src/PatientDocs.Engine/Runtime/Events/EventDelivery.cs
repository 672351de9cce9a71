using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Triggers;

namespace PatientDocs.Engine.Runtime.Events;

/// <summary>
/// What publishing an event does: a resume item per matching <c>Elsa.Event</c> bookmark and, unless the event is local, a new
/// instance of every published definition whose <c>Elsa.Event</c> of that name can start it. The caller commits both at once.
/// </summary>
internal static class EventDelivery
{
    private static readonly HashSet<string> EventTypes = ["Elsa.Event"];

    public static async Task<EventPlan> PlanAsync(
        IWorkflowStore store, string eventName, string? correlationId, string? onlyInstanceId, JsonNode? payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var json = payload?.ToJsonString();
        var bookmarks = await store.FindEventBookmarksAsync(eventName, correlationId, cancellationToken).ConfigureAwait(false);
        var items = bookmarks
            .Where(b => onlyInstanceId is null || b.InstanceId == onlyInstanceId)
            .Select(b => new WorkItemRecord
            {
                Id = RuntimeIds.New(now),
                InstanceId = b.InstanceId,
                Kind = WorkItemKind.Resume,
                BookmarkId = b.Id,
                Payload = json,
                AvailableAt = now,
                CreatedAt = now,
            })
            .ToList();
        var resumed = items.Count;
        var instances = new List<InstanceRecord>();
        if (onlyInstanceId is null)
        {
            await foreach (var definition in PublishedDefinitions.ReadAsync(store, cancellationToken).ConfigureAwait(false))
            {
                foreach (var triggerId in TriggersOf(definition, eventName))
                {
                    var input = new JsonObject { [Activities.BuiltIns.Event.PayloadInputKey] = payload?.DeepClone() };
                    var request = new StartWorkflowRequest { DefinitionId = definition.DefinitionId, Input = input, CorrelationId = correlationId, TriggerActivityId = triggerId };
                    var (instance, start) = WorkflowRuntime.NewInstance(request, definition, now);
                    instances.Add(instance);
                    items.Add(start);
                }
            }
        }

        return new EventPlan(resumed, instances, items);
    }

    /// <summary>The ids of the <c>Elsa.Event</c> activities flagged as able to start the workflow and listening for this name (a literal).</summary>
    public static IEnumerable<string> TriggersOf(WorkflowDefinition definition, string eventName) =>
        TriggerActivities.Of(definition, EventTypes, unflaggedDirectStarts: false)
            .Where(a => TriggerActivities.Literal(a["eventName"]) == eventName)
            .Select(a => TriggerActivities.Text(a["id"]))
            .OfType<string>();
}
