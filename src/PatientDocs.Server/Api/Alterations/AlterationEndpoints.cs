using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Server.Api.Alterations;

/// <summary>Elsa's <c>/alterations/run</c>: applies ScheduleActivity, ModifyVariable, CancelActivity and Migrate to instances.</summary>
public static class AlterationEndpoints
{
    private const int MaxInstances = 1000;

    public static RouteGroupBuilder MapAlterationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/alterations/run", RunAsync);
        return api;
    }

    private static async Task<Results<Ok<RunAlterationsResponse>, ValidationProblem>> RunAsync(
        AlterationRunner runner, JsonObject? body, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("alterations", "A body with alterations and workflowInstanceIds is required.");
        }

        var errors = new List<AlterationError>();
        var alterations = AlterationJson.Parse(body["alterations"], "alterations", errors);
        var ids = InstanceIds(body["workflowInstanceIds"], errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var run = await runner.RunAsync(ids, alterations, cancellationToken);
        return run.Errors.Count > 0 ? Invalid(run.Errors) : TypedResults.Ok(new RunAlterationsResponse(run.Results.Select(RunAlterationsResult.From).ToList()));
    }

    private static List<string> InstanceIds(JsonNode? node, List<AlterationError> errors)
    {
        if (node is not JsonArray array || array.Count == 0)
        {
            errors.Add(new AlterationError("workflowInstanceIds", "At least one workflow instance id is required."));
            return [];
        }

        if (array.Count > MaxInstances)
        {
            errors.Add(new AlterationError("workflowInstanceIds", $"At most {MaxInstances} instances per request."));
            return [];
        }

        var ids = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id))
            {
                ids.Add(id.Trim());
            }
            else
            {
                errors.Add(new AlterationError($"workflowInstanceIds[{i}]", "An instance id must be a non-empty string."));
            }
        }

        return ids;
    }

    private static ValidationProblem Invalid(IEnumerable<AlterationError> errors) =>
        ApiProblems.Invalid(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            "The alterations are not valid.");
}
