using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Validation;

/// <summary>Publish-time checks. Lists every problem at once, each with its activity id; never throws.</summary>
public sealed class WorkflowValidator(ActivityRegistry registry)
{
    private static readonly HashSet<string> DynamicPorts = ["Elsa.FlowSwitch", "Elsa.FlowFork", "Elsa.HttpEndpoint", "Elsa.SendHttpRequest", "Elsa.FlowSendHttpRequest"];
    private static readonly HashSet<string> ExpressionTypes = ["Literal", "Object", "Json", "Variable", "Input", "JavaScript", "Liquid"];

    public IReadOnlyList<ValidationError> Validate(WorkflowDefinition definition)
    {
        var errors = new List<ValidationError>();
        try
        {
            if (!WorkflowTimeout.TryRead(WorkflowTimeout.Of(definition.Json), out _, out var timeoutError))
            {
                errors.Add(new ValidationError(WorkflowTimeout.Field, timeoutError!));
            }

            var model = WorkflowModel.Read(definition);
            if (model.Root is null)
            {
                errors.Add(new ValidationError(null, model.RootType is null ? "The workflow has no root activity." : $"The root activity ({model.RootType}) has no id."));
                return errors;
            }

            if (model.Root.Activities.Count == 0)
            {
                errors.Add(new ValidationError(null, "The workflow has no activities, so it has no start."));
            }

            foreach (var graph in model.Graphs.Values)
            {
                ValidateGraph(graph, errors);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            errors.Add(new ValidationError(null, $"The definition could not be read: {e.Message}"));
        }

        return errors;
    }

    private void ValidateGraph(FlowGraph graph, List<ValidationError> errors)
    {
        foreach (var duplicate in graph.Activities.GroupBy(a => a.Id).Where(g => g.Count() > 1))
        {
            errors.Add(new ValidationError(duplicate.Key, $"Activity id '{duplicate.Key}' is used {duplicate.Count()} times."));
        }

        if (graph.ExplicitStart is { } start && !graph.ById.ContainsKey(start))
        {
            errors.Add(new ValidationError(start, $"The start activity '{start}' does not exist."));
        }

        foreach (var broken in graph.BrokenConnections)
        {
            var missing = graph.ById.ContainsKey(broken.Source) ? broken.Target : broken.Source;
            errors.Add(new ValidationError(graph.ById.ContainsKey(broken.Source) ? broken.Source : null,
                $"The connection {broken.Source}:{broken.SourcePort} -> {broken.Target} refers to the missing activity '{missing}'."));
        }

        foreach (var activity in graph.Activities)
        {
            var type = registry.Find(activity.Type);
            if (type is null && activity.Json["workflowDefinitionId"] is JsonValue used && used.TryGetValue<string>(out var usedId) && usedId.Length > 0)
            {
                // A workflow used as an activity: its ports are its outcomes, and whether it is published is known when it runs.
                ValidateDefinitionActivityInputs(activity, errors);
                continue;
            }

            if (type is null)
            {
                errors.Add(new ValidationError(activity.Id, $"Unknown activity type '{activity.Type}'."));
                continue;
            }

            ValidateInputs(activity, type, errors);
            if (DynamicPorts.Contains(activity.Type))
            {
                continue;
            }

            foreach (var connection in graph.Outbound(activity.Id).Where(c => !type.Attribute.Ports.Contains(c.SourcePort)))
            {
                errors.Add(new ValidationError(activity.Id, $"The connection from port '{connection.SourcePort}' of '{activity.Id}' uses a port that {activity.Type} does not have."));
            }
        }
    }

    private static void ValidateInputs(FlowActivity activity, ActivityType type, List<ValidationError> errors)
    {
        foreach (var input in type.Inputs)
        {
            if (activity.Json[input.JsonName] is JsonObject wrapped && wrapped["expression"] is JsonObject expression)
            {
                CheckExpression(activity.Id, input.JsonName, expression, errors);
            }
        }

        if (activity.Type is "Elsa.FlowSwitch" or "Elsa.Switch")
        {
            foreach (var item in activity.Json["cases"] as JsonArray ?? [])
            {
                if (item?["condition"] is JsonObject condition)
                {
                    CheckExpression(activity.Id, "cases", condition, errors);
                }
            }
        }

        if (activity.Type == "Elsa.Cron" && activity.Json["cronExpression"]?["expression"] is JsonObject cron
            && cron["type"]?.ToString() == "Literal" && cron["value"] is JsonValue value && value.TryGetValue<string>(out var text) && CronSyntax.Check(text) is { } problem)
        {
            errors.Add(new ValidationError(activity.Id, $"Error when parsing cron expression: {problem}"));
        }
    }

    private static void ValidateDefinitionActivityInputs(FlowActivity activity, List<ValidationError> errors)
    {
        foreach (var (name, value) in activity.Json)
        {
            if (value is JsonObject wrapped && wrapped["expression"] is JsonObject expression)
            {
                CheckExpression(activity.Id, name, expression, errors);
            }
        }
    }

    private static void CheckExpression(string activityId, string inputName, JsonObject expression, List<ValidationError> errors)
    {
        var kind = expression["type"]?.ToString() ?? "Literal";
        if (!ExpressionTypes.Contains(kind))
        {
            errors.Add(new ValidationError(activityId, $"Input '{inputName}' uses the unsupported expression type '{kind}'."));
            return;
        }

        if (expression["value"] is not JsonValue v || !v.TryGetValue<string>(out var source) || string.IsNullOrWhiteSpace(source))
        {
            return;
        }

        // Parsed with the parsers that run them (Jint 4 / Acornima for ES2023, Fluid for Liquid).
        var syntax = kind switch
        {
            "JavaScript" => JavaScriptEvaluator.CheckSyntax(source),
            "Liquid" => LiquidEvaluator.CheckSyntax(source),
            _ => null,
        };
        if (syntax is not null)
        {
            errors.Add(new ValidationError(activityId, $"Input '{inputName}': {syntax}"));
        }
    }
}
