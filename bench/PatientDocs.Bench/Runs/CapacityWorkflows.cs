using System.Text.Json.Nodes;

namespace PatientDocs.Bench.Runs;

/// <summary>The two flowcharts the capacity scenario publishes through the API, in Elsa's JSON as Studio saves it.</summary>
public static class CapacityWorkflows
{
    public const string SuspendDefinitionId = "bench-capacity-suspend";
    public const string TasksDefinitionId = "bench-capacity-tasks";
    public const string TaskActivityType = "PatientDocs.GetPatient";

    /// <summary>Nobody publishes this event, so every instance stays suspended on its bookmark.</summary>
    public const string NeverEvent = "bench-capacity-never";

    /// <summary>A patient the server seeds (PatientDocs:Patients:SeedCount ≥ 1), so every GetPatient leaves through Found.</summary>
    public const string PatientId = "P000001";

    /// <summary>Start, then an Event waiting for a name that never comes.</summary>
    public static JsonObject Suspend() => Flow(
        SuspendDefinitionId,
        "Bench: suspend on a bookmark",
        [Activity("start", "Elsa.Start"), Activity("wait", "Elsa.Event", ("eventName", Literal(NeverEvent)))],
        [("start", "Done", "wait")]);

    /// <summary>Start, then <paramref name="tasks"/> GetPatient task activities in a row (database queue, no external call).</summary>
    public static JsonObject Tasks(int tasks)
    {
        var activities = new List<JsonObject> { Activity("start", "Elsa.Start") };
        var connections = new List<(string, string, string)> { ("start", "Done", "task1") };
        for (var i = 1; i <= tasks; i++)
        {
            activities.Add(Activity($"task{i}", TaskActivityType, ("patientId", Literal(PatientId))));
            if (i < tasks)
            {
                connections.Add(($"task{i}", "Found", $"task{i + 1}"));
            }
        }

        return Flow(TasksDefinitionId, $"Bench: {tasks} task activities", activities, connections);
    }

    private static JsonObject Flow(string definitionId, string name, IReadOnlyList<JsonObject> activities, IReadOnlyList<(string Source, string Port, string Target)> connections) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["variables"] = new JsonArray(),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["id"] = "flow1",
            ["nodeId"] = "Workflow1:flow1",
            ["activities"] = new JsonArray([.. activities]),
            ["connections"] = new JsonArray([.. connections.Select(c => (JsonNode)new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = c.Source, ["port"] = c.Port },
                ["target"] = new JsonObject { ["activity"] = c.Target, ["port"] = "In" },
            })]),
        },
    };

    private static JsonObject Activity(string id, string type, params (string Name, JsonNode Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["nodeId"] = $"Workflow1:flow1:{id}", ["type"] = type, ["version"] = 1 };
        foreach (var (name, value) in inputs)
        {
            activity[name] = value;
        }

        return activity;
    }

    private static JsonObject Literal(string value) =>
        new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
}
