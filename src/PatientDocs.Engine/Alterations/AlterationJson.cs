using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Alterations;

/// <summary>Reads and writes the alteration list of Elsa's API (<c>{"type":"ScheduleActivity","activityId":"…"}</c>); also the work item's payload.</summary>
public static class AlterationJson
{
    public static readonly IReadOnlyList<string> Types = ["ScheduleActivity", "ModifyVariable", "CancelActivity", "Migrate"];

    /// <summary>The alterations, or every problem found (each naming its field); an empty list is a problem too.</summary>
    public static IReadOnlyList<Alteration> Parse(JsonNode? node, string field, List<AlterationError> errors)
    {
        if (node is not JsonArray array || array.Count == 0)
        {
            errors.Add(new AlterationError(field, "At least one alteration is required."));
            return [];
        }

        var alterations = new List<Alteration>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{field}[{i}]";
            if (array[i] is not JsonObject item)
            {
                errors.Add(new AlterationError(at, "An alteration must be an object."));
                continue;
            }

            var type = Text(item, "type");
            Alteration? alteration = type switch
            {
                null => Problem(errors, $"{at}.type", $"The type is required: one of {string.Join(", ", Types)}."),
                "ScheduleActivity" => Required(item, "activityId", at, errors) is { } id ? new ScheduleActivity(id) : null,
                "CancelActivity" => Required(item, "activityId", at, errors) is { } id ? new CancelActivity(id) : null,
                "ModifyVariable" => Required(item, "variableId", at, errors) is { } id ? new ModifyVariable(id, item["value"]?.DeepClone()) : null,
                "Migrate" => Version(item, at, errors) is { } version ? new Migrate(version) : null,
                _ => Problem(errors, $"{at}.type", $"Unknown alteration type '{type}': one of {string.Join(", ", Types)}."),
            };
            if (alteration is not null)
            {
                alterations.Add(alteration);
            }
        }

        if (alterations.OfType<Migrate>().Count() > 1)
        {
            errors.Add(new AlterationError(field, "At most one Migrate per request: the burst runs on one version."));
        }

        return alterations;
    }

    public static JsonArray ToJson(IEnumerable<Alteration> alterations) =>
        new(alterations.Select(a => (JsonNode?)(a switch
        {
            ScheduleActivity s => new JsonObject { ["type"] = s.Type, ["activityId"] = s.ActivityId },
            CancelActivity c => new JsonObject { ["type"] = c.Type, ["activityId"] = c.ActivityId },
            ModifyVariable m => new JsonObject { ["type"] = m.Type, ["variableId"] = m.VariableId, ["value"] = m.Value?.DeepClone() },
            Migrate m => new JsonObject { ["type"] = m.Type, ["targetVersion"] = m.TargetVersion },
            _ => throw new ArgumentException($"Unknown alteration {a.GetType().Name}.", nameof(alterations)),
        })).ToArray());

    private static string? Text(JsonObject item, string name) =>
        item[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static string? Required(JsonObject item, string name, string at, List<AlterationError> errors)
    {
        var value = Text(item, name);
        if (value is null)
        {
            errors.Add(new AlterationError($"{at}.{name}", $"{item["type"]} needs {name}."));
        }

        return value;
    }

    private static int? Version(JsonObject item, string at, List<AlterationError> errors)
    {
        if (item["targetVersion"] is JsonValue v && (v.TryGetValue<int>(out var n) || (v.TryGetValue<string>(out var s) && int.TryParse(s, out n))) && n > 0)
        {
            return n;
        }

        errors.Add(new AlterationError($"{at}.targetVersion", "Migrate needs targetVersion, a version number of 1 or more."));
        return null;
    }

    private static Alteration? Problem(List<AlterationError> errors, string field, string message)
    {
        errors.Add(new AlterationError(field, message));
        return null;
    }
}
