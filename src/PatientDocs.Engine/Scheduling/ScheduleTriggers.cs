using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cronos;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Triggers;

namespace PatientDocs.Engine.Scheduling;

/// <summary>
/// Reads the schedule triggers of a definition: the <c>Elsa.Cron</c>, <c>Elsa.Timer</c> and <c>Elsa.StartAt</c> activities
/// that may start the workflow (<see cref="TriggerActivities"/>), with literal inputs (an expression would need an instance to evaluate,
/// and a trigger has none yet; such a trigger is skipped and reported).
/// </summary>
public static class ScheduleTriggers
{
    private static readonly HashSet<string> ScheduleTypes = ["Elsa.Cron", "Elsa.Timer", "Elsa.StartAt"];

    public static (IReadOnlyList<ScheduleTrigger> Triggers, IReadOnlyList<string> Skipped) Of(WorkflowDefinition definition, double timeScale = 1)
    {
        var triggers = new List<ScheduleTrigger>();
        var skipped = new List<string>();
        foreach (var activity in TriggerActivities.Of(definition, ScheduleTypes, unflaggedDirectStarts: true))
        {
            var type = Text(activity["type"])!;
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

    private static string? Literal(JsonNode? input) => TriggerActivities.Literal(input);

    private static string? Text(JsonNode? node) => TriggerActivities.Text(node);
}
