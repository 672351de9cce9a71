using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cronos;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Scheduling;

/// <summary>
/// Reads the schedule triggers of a definition: <c>Elsa.Cron</c>, <c>Elsa.Timer</c> and <c>Elsa.StartAt</c> among its
/// root's activities that may start the workflow, with literal inputs (an expression would need an instance to evaluate,
/// and a trigger has none yet; such a trigger is skipped and reported).
/// </summary>
public static class ScheduleTriggers
{
    public static (IReadOnlyList<ScheduleTrigger> Triggers, IReadOnlyList<string> Skipped) Of(WorkflowDefinition definition, double timeScale = 1)
    {
        var triggers = new List<ScheduleTrigger>();
        var skipped = new List<string>();
        if (definition.Root?["activities"] is not JsonArray activities)
        {
            return (triggers, skipped);
        }

        foreach (var activity in activities.OfType<JsonObject>())
        {
            var type = Text(activity["type"]);
            if (type is not ("Elsa.Cron" or "Elsa.Timer" or "Elsa.StartAt") || !CanStartWorkflow(activity))
            {
                continue;
            }

            var id = Text(activity["id"]) ?? "";
            var trigger = Read(definition, id, type, activity, timeScale);
            if (trigger is null)
            {
                skipped.Add($"{definition.DefinitionId}:{id} ({type})");
            }
            else
            {
                triggers.Add(trigger);
            }
        }

        return (triggers, skipped);
    }

    private static ScheduleTrigger? Read(WorkflowDefinition definition, string id, string type, JsonObject activity, double timeScale)
    {
        switch (type)
        {
            case "Elsa.Cron":
                if (Literal(activity["cronExpression"]) is not { } expression)
                {
                    return null;
                }

                try
                {
                    return new ScheduleTrigger(definition.DefinitionId, definition.Id, id, ScheduleKind.Cron, Cron: CronSyntax.Parse(expression));
                }
                catch (CronFormatException)
                {
                    return null;
                }

            case "Elsa.Timer":
                if (Literal(activity["interval"]) is not { } text || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval) || interval <= TimeSpan.Zero)
                {
                    return null;
                }

                // Durations follow the TimeScale, as every durable timer does; calendar schedules (cron, a moment) do not.
                var scaled = timeScale > 0 ? interval / timeScale : interval;
                return new ScheduleTrigger(definition.DefinitionId, definition.Id, id, ScheduleKind.Timer, Interval: scaled < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : scaled);
            default:
                return Literal(activity["dateTime"]) is { } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
                    ? new ScheduleTrigger(definition.DefinitionId, definition.Id, id, ScheduleKind.StartAt, At: moment)
                    : null;
        }
    }

    // Elsa marks trigger activities with customProperties.canStartWorkflow; a file without the flag still means it.
    private static bool CanStartWorkflow(JsonObject activity) =>
        activity["customProperties"]?["canStartWorkflow"] is not JsonValue flag || flag.GetValueKind() != JsonValueKind.False;

    private static string? Literal(JsonNode? input)
    {
        if (input is not JsonObject wrapped)
        {
            return Text(input);
        }

        var type = Text(wrapped["expression"]?["type"]);
        return type is null or "Literal" ? Text(wrapped["expression"]?["value"]) : null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
