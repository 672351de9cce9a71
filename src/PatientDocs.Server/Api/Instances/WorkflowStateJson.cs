using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Instances;

/// <summary>Builds Elsa's <c>workflowState</c> from the instance row, its bookmarks and what the interpreter's snapshot carries.</summary>
public static class WorkflowStateJson
{
    public static JsonObject Build(InstanceRecord instance, IReadOnlyList<BookmarkRecord> bookmarks)
    {
        var snapshot = Parse(instance.State);
        var state = new JsonObject
        {
            ["id"] = instance.Id,
            ["definitionId"] = instance.DefinitionId,
            ["definitionVersionId"] = instance.DefinitionVersionId,
            ["definitionVersion"] = instance.Version,
            ["correlationId"] = instance.CorrelationId,
            ["parentWorkflowInstanceId"] = instance.ParentInstanceId,
            ["status"] = instance.Status.ToString(),
            ["subStatus"] = instance.SubStatus.ToString(),
            ["bookmarks"] = new JsonArray(bookmarks.Select(BookmarkJson).ToArray<JsonNode?>()),
            ["incidents"] = Take(snapshot, "incidents") ?? new JsonArray(),
            ["fault"] = Take(snapshot, "fault"),
            ["completionCallbacks"] = new JsonArray(),
            ["activityExecutionContexts"] = Take(snapshot, "activityExecutionContexts") ?? new JsonArray(),
            ["input"] = Take(snapshot, "input") ?? new JsonObject(),
            ["output"] = Take(snapshot, "output") ?? new JsonObject(),
            ["properties"] = Take(snapshot, "properties") ?? new JsonObject(),
            ["createdAt"] = instance.CreatedAt,
            ["updatedAt"] = instance.UpdatedAt,
            ["finishedAt"] = instance.FinishedAt,
        };
        return state;
    }

    private static JsonObject BookmarkJson(BookmarkRecord b) => new()
    {
        ["id"] = b.Id,
        ["name"] = b.Kind == BookmarkKind.Event ? b.Name : b.Kind.ToString(),
        ["hash"] = b.Id,
        ["activityId"] = b.ActivityId,
        ["activityNodeId"] = b.ActivityNodeId ?? b.ActivityId,
        ["activityInstanceId"] = b.ActivityId,
        ["correlationId"] = b.CorrelationId,
        ["createdAt"] = b.CreatedAt,
        ["payload"] = b.DueAt is { } due ? new JsonObject { ["resumeAt"] = due } : null,
    };

    private static JsonObject? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? Take(JsonObject? snapshot, string name) => snapshot?[name]?.DeepClone();
}
