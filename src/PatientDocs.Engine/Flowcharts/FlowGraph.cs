using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Flowcharts;

/// <summary>
/// One flowchart's activities and connections, read from either JSON layout (current: endpoint objects; older: a
/// <c>start</c> id and plain-string endpoints with <c>sourcePort</c>/<c>targetPort</c>). Connections to missing activities are
/// kept in <see cref="BrokenConnections"/> for the validator and ignored when running.
/// </summary>
public sealed class FlowGraph
{
    /// <summary>Marks the node id of a <see cref="OneActivity"/> graph.</summary>
    public const string SlotSuffix = "#slot";

    private readonly Dictionary<string, List<FlowConnection>> outbound = [];
    private readonly Dictionary<string, List<FlowConnection>> inbound = [];
    private readonly ConcurrentDictionary<string, FlowAnalysis> analyses = new();

    private FlowGraph(string id, string nodeId, JsonObject json, List<FlowActivity> activities, List<FlowConnection> connections, List<FlowConnection> broken, string? explicitStart)
    {
        Id = id;
        NodeId = nodeId;
        Json = json;
        Activities = activities;
        ById = activities.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First());
        Connections = connections;
        BrokenConnections = broken;
        ExplicitStart = explicitStart;
        foreach (var c in connections)
        {
            Add(outbound, c.Source, c);
            Add(inbound, c.Target, c);
        }
    }

    public string Id { get; }
    public string NodeId { get; }
    public JsonObject Json { get; }
    public IReadOnlyList<FlowActivity> Activities { get; }
    public IReadOnlyDictionary<string, FlowActivity> ById { get; }
    public IReadOnlyList<FlowConnection> Connections { get; }
    public IReadOnlyList<FlowConnection> BrokenConnections { get; }
    public string? ExplicitStart { get; }

    public IReadOnlyList<FlowConnection> Outbound(string activityId) => outbound.TryGetValue(activityId, out var list) ? list : [];

    public IReadOnlyList<FlowConnection> Inbound(string activityId) => inbound.TryGetValue(activityId, out var list) ? list : [];

    /// <summary>Elsa's rules: the trigger, the explicit start, an Elsa.Start, a canStartWorkflow activity, the first without inbound connections, the first.</summary>
    public FlowActivity? FindStart(string? triggerActivityId)
    {
        if (triggerActivityId is not null && ById.TryGetValue(triggerActivityId, out var trigger))
        {
            return trigger;
        }

        if (ExplicitStart is not null && ById.TryGetValue(ExplicitStart, out var explicitStart))
        {
            return explicitStart;
        }

        return Activities.FirstOrDefault(a => a.Type == "Elsa.Start")
            ?? Activities.FirstOrDefault(a => a.CanStartWorkflow)
            ?? Activities.FirstOrDefault(a => !inbound.ContainsKey(a.Id))
            ?? (Activities.Count > 0 ? Activities[0] : null);
    }

    /// <summary>Forward/backward split of the connections as seen from a start activity (cached).</summary>
    public FlowAnalysis Analyse(string startId) => analyses.GetOrAdd(startId, s => new FlowAnalysis(this, s));

    public static FlowGraph Parse(JsonObject json, string parentNodeId, List<FlowGraph> all)
    {
        var id = json["id"]?.ToString() ?? "flowchart";
        var nodeId = json["nodeId"]?.ToString() ?? (parentNodeId.Length == 0 ? id : $"{parentNodeId}:{id}");
        var activities = new List<FlowActivity>();
        foreach (var node in json["activities"] as JsonArray ?? [])
        {
            if (node is JsonObject a && a["id"] is not null)
            {
                activities.Add(ParseActivity(a, nodeId, all));
            }
        }

        var ids = activities.Select(a => a.Id).ToHashSet();
        var connections = new List<FlowConnection>();
        var broken = new List<FlowConnection>();
        foreach (var node in json["connections"] as JsonArray ?? [])
        {
            if (node is not JsonObject c)
            {
                continue;
            }

            var connection = ReadConnection(c);
            (ids.Contains(connection.Source) && ids.Contains(connection.Target) ? connections : broken).Add(connection);
        }

        var graph = new FlowGraph(id, nodeId, json, activities, connections, broken, json["start"]?.ToString());
        all.Add(graph);
        return graph;
    }

    /// <summary>
    /// A graph of one activity and no connections: the slot a structured container (Sequence, If, ForEach…) runs a child
    /// in, and the root when it is not a flowchart. Keyed apart from the activity's own node id, which a nested flowchart uses.
    /// </summary>
    public static FlowGraph OneActivity(JsonObject activity, string parentNodeId, List<FlowGraph> all)
    {
        var parsed = ParseActivity(activity, parentNodeId, all);
        var graph = new FlowGraph(parsed.Id, parsed.NodeId + SlotSuffix, activity, [parsed], [], [], null);
        all.Add(graph);
        return graph;
    }

    private static FlowActivity ParseActivity(JsonObject a, string parentNodeId, List<FlowGraph> all)
    {
        var activityId = a["id"]!.ToString();
        var activityNodeId = a["nodeId"]?.ToString() ?? (parentNodeId.Length == 0 ? activityId : $"{parentNodeId}:{activityId}");
        var type = a["type"]?.ToString() ?? "";
        FlowGraph? body = null;
        if (type == "Elsa.Flowchart")
        {
            body = Parse(a, parentNodeId, all);
        }
        else if ((type is "Elsa.FlowNode" or "Elsa.ParallelForEach" || a["workflowDefinitionId"] is JsonValue) && a["body"] is JsonObject b && b["type"] is JsonValue)
        {
            body = b["type"]!.ToString() == "Elsa.Flowchart" ? Parse(b, activityNodeId, all) : b["id"] is JsonValue ? OneActivity(b, activityNodeId, all) : null;
        }

        var slots = new Dictionary<string, FlowGraph>();
        foreach (var (slot, child) in ChildSlots.Of(type, a))
        {
            slots[slot] = OneActivity(child, activityNodeId, all);
        }

        return new FlowActivity { Id = activityId, NodeId = activityNodeId, Name = a["name"]?.ToString(), Type = type, Json = a, Body = body, Slots = slots };
    }

    private static FlowConnection ReadConnection(JsonObject c)
    {
        static (string Activity, string? Port) Endpoint(JsonNode? node) => node switch
        {
            JsonObject o => (o["activity"]?.ToString() ?? "", o["port"]?.ToString()),
            JsonValue v => (v.ToString(), null),
            _ => ("", null),
        };

        var (source, sourcePort) = Endpoint(c["source"]);
        var (target, targetPort) = Endpoint(c["target"]);
        return new FlowConnection(source, sourcePort ?? c["sourcePort"]?.ToString() ?? "Done", target, targetPort ?? c["targetPort"]?.ToString() ?? "In");
    }

    private static void Add(Dictionary<string, List<FlowConnection>> map, string key, FlowConnection c)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(c);
    }
}
