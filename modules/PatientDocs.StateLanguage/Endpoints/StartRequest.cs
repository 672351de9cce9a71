using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary><c>POST /workflow-executions</c>'s body: <c>{"workflowName", "version"?, "input"?}</c>; a numeric version is taken as written.</summary>
internal sealed record StartRequest(string WorkflowName, string? Version, JsonObject Input)
{
    /// <summary>A body <see cref="Problem"/> found nothing wrong with.</summary>
    public static StartRequest Read(JsonNode body) =>
        new(Name(body)!, VersionOf(body["version"]), (JsonObject?)body["input"]?.DeepClone() ?? []);

    /// <summary>The first problem with the body, naming its field; null when it is a valid start.</summary>
    public static ValidationProblem? Problem(JsonNode? body)
    {
        if (body is not JsonObject o)
        {
            return StateLanguageProblems.Invalid("body", "The body must be a JSON object: {\"workflowName\", \"version\"?, \"input\"?}.");
        }

        if (string.IsNullOrWhiteSpace(Name(o)))
        {
            return StateLanguageProblems.Invalid("workflowName", "workflowName is required: the name of a registered workflow.");
        }

        if (o["version"] is { } version && VersionOf(version) is null)
        {
            return StateLanguageProblems.Invalid("version", "version must be a string (or a number), as registered.");
        }

        return o["input"] is null or JsonObject ? null : StateLanguageProblems.Invalid("input", "input must be a JSON object.");
    }

    private static string? Name(JsonNode? body) => body?["workflowName"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;

    private static string? VersionOf(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };
}
