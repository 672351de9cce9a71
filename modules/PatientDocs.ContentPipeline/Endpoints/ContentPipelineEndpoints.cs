using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.ContentPipeline.Endpoints;

/// <summary><c>POST /api/content-pipelines</c>: starts a run of <c>content-pipeline</c> for a topic.</summary>
public static class ContentPipelineEndpoints
{
    public const string Path = "/api/content-pipelines";
    private const int MaxTopicLength = 200;
    private static readonly string[] Lengths = ["short", "long"];

    public static IEndpointRouteBuilder MapContentPipelineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, StartAsync);
        return app;
    }

    private static async Task<Results<Accepted<PipelineStarted>, ValidationProblem, ProblemHttpResult>> StartAsync(
        HttpRequest request, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return Invalid("body", "The body must be a JSON object.");
        }

        if (body is not JsonObject json)
        {
            return Invalid("body", "The body must be a JSON object.");
        }

        var topic = json["topic"] is JsonValue t && t.TryGetValue<string>(out var text) ? text.Trim() : null;
        if (string.IsNullOrEmpty(topic) || topic.Length > MaxTopicLength)
        {
            return Invalid("topic", $"topic is required: text of 1 to {MaxTopicLength} characters.");
        }

        var length = "long";
        if (json["length"] is { } given)
        {
            if (given is not JsonValue l || !l.TryGetValue<string>(out var value) || !Lengths.Contains(value))
            {
                return Invalid("length", "length must be \"short\" or \"long\".");
            }

            length = value;
        }

        var instance = await runtime.DispatchAsync(
            new StartWorkflowRequest
            {
                DefinitionId = ContentPipelineModule.DefinitionId,
                Name = $"Content: {topic}",
                Input = new JsonObject { ["topic"] = topic, ["length"] = length },
            },
            cancellationToken);
        if (instance is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Workflow not published",
                detail: $"The workflow '{ContentPipelineModule.DefinitionId}' is not published.");
        }

        return TypedResults.Accepted($"/api/workflow-instances/{instance.Id}", new PipelineStarted(instance.Id, topic, length));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
