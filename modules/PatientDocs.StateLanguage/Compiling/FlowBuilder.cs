using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Compiling;

/// <summary>Collects a flowchart's activities, connections and variables as Elsa 3 JSON, and lays them out left to right.</summary>
internal sealed class FlowBuilder
{
    private const string FlowchartId = "flowchart1";

    private readonly List<JsonObject> _activities = [];
    private readonly List<(string Source, string Port, string Target)> _connections = [];
    private readonly List<string> _variables = [];

    public Dictionary<string, MappedActivity> Map { get; } = new(StringComparer.Ordinal);

    public bool Has(string id) => _activities.Any(a => a["id"]!.ToString() == id);

    /// <summary>Adds an activity; <paramref name="label"/> is the text Studio shows on the node.</summary>
    public JsonObject Add(string id, string type, string label, MappedActivity? mapped = null)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"Workflow1:{FlowchartId}:{id}",
            ["name"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["customProperties"] = new JsonObject { ["canStartWorkflow"] = false, ["runAsynchronously"] = false },
            ["metadata"] = new JsonObject { ["displayText"] = label },
        };
        _activities.Add(activity);
        if (mapped is not null)
        {
            Map[id] = mapped;
        }

        return activity;
    }

    public void Connect(string source, string port, string target) => _connections.Add((source, port, target));

    public void Declare(string variable) => _variables.Add(variable);

    public static JsonObject Literal(string? value, string typeName = "String") => Expression(typeName, "Literal", value is null ? null : JsonValue.Create(value));

    public static JsonObject Number(double? value) => Expression("Double", "Literal", value is null ? null : JsonValue.Create(value.Value));

    /// <summary>A JSON value (object, array) as Elsa's Object expression, whose value is the JSON text.</summary>
    public static JsonObject Json(JsonNode? value, string typeName = "Object") => Expression(typeName, "Object", JsonValue.Create(value?.ToJsonString() ?? "null"));

    public static JsonObject Variable(string variable) => Expression("Object", "Variable", JsonValue.Create(variable));

    public static JsonObject Input(string name) => Expression("Object", "Input", JsonValue.Create(name));

    /// <summary>An output bound to a variable.</summary>
    public static JsonObject Bind(string variable) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variable } };

    public JsonObject Build(string start)
    {
        Layout(start);
        return new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["id"] = FlowchartId,
            ["nodeId"] = $"Workflow1:{FlowchartId}",
            ["name"] = "Flowchart1",
            ["start"] = start,
            ["customProperties"] = new JsonObject { ["canStartWorkflow"] = false, ["runAsynchronously"] = false },
            ["metadata"] = new JsonObject(),
            ["activities"] = new JsonArray(_activities.Select(a => (JsonNode?)a).ToArray()),
            ["connections"] = new JsonArray(_connections.Select(c => (JsonNode?)new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = c.Source, ["port"] = c.Port },
                ["target"] = new JsonObject { ["activity"] = c.Target, ["port"] = "In" },
                ["vertices"] = new JsonArray(),
            }).ToArray()),
        };
    }

    public JsonArray Variables() => new(_variables.Select(v => (JsonNode?)new JsonObject
    {
        ["id"] = v,
        ["name"] = v,
        ["typeName"] = "Object",
        ["isArray"] = false,
        ["value"] = null,
        ["storageDriverTypeName"] = null,
    }).ToArray());

    private static JsonObject Expression(string typeName, string type, JsonNode? value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };

    /// <summary>Columns by distance from the start (breadth first), rows in order of discovery: readable in Studio without a layout pass.</summary>
    private void Layout(string start)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [start] = 0 };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var (_, _, target) in _connections.Where(c => c.Source == id))
            {
                if (depth.TryAdd(target, depth[id] + 1))
                {
                    queue.Enqueue(target);
                }
            }
        }

        var rows = new Dictionary<int, int>();
        var unreached = depth.Count == 0 ? 0 : depth.Values.Max() + 1;
        foreach (var activity in _activities)
        {
            var column = depth.GetValueOrDefault(activity["id"]!.ToString(), unreached);
            var row = rows[column] = rows.GetValueOrDefault(column, -1) + 1;
            activity["metadata"]!["designer"] = new JsonObject
            {
                ["position"] = new JsonObject { ["x"] = column * 300, ["y"] = row * 120 },
                ["size"] = new JsonObject { ["width"] = 220, ["height"] = 50 },
            };
        }
    }
}
