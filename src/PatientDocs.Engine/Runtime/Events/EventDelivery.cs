using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Events;

/// <summary>
/// What publishing an event does: a resume item per matching <c>Elsa.Event</c> bookmark and, unless the event is local, a new
/// instance of every published definition whose <c>Elsa.Event</c> of that name can start it. The caller commits both at once.
/// </summary>
internal static class EventDelivery
{
    private const int Page = 200;

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
            for (var page = 0; ; page++)
            {
                var batch = await store.ListDefinitionsAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published, Page = page, PageSize = Page }, cancellationToken).ConfigureAwait(false);
                foreach (var definition in batch.Items)
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

                if (batch.Items.Count < Page)
                {
                    break;
                }
            }
        }

        return new EventPlan(resumed, instances, items);
    }

    /// <summary>The ids of the flowchart's <c>Elsa.Event</c> activities marked as able to start it and listening for this name (a literal).</summary>
    public static IEnumerable<string> TriggersOf(WorkflowDefinition definition, string eventName)
    {
        if (definition.Root?["activities"] is not JsonArray activities)
        {
            yield break;
        }

        foreach (var activity in activities.OfType<JsonObject>())
        {
            if (Text(activity["type"]) == "Elsa.Event"
                && activity["customProperties"]?["canStartWorkflow"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True
                && LiteralOf(activity["eventName"]) == eventName
                && Text(activity["id"]) is { } id)
            {
                yield return id;
            }
        }
    }

    private static string? LiteralOf(JsonNode? input) =>
        input is JsonObject wrapped ? (Text(wrapped["expression"]?["type"]) is null or "Literal" ? Text(wrapped["expression"]?["value"]) : null) : Text(input);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
