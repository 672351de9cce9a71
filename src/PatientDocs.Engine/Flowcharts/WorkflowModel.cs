using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Flowcharts;

/// <summary>A definition read once for running: its flowcharts by node id, its variables and its execution mode (cached per definition object).</summary>
public sealed class WorkflowModel
{
    private static readonly ConditionalWeakTable<JsonObject, WorkflowModel> Cache = [];

    private WorkflowModel(WorkflowDefinition definition)
    {
        var graphs = new List<FlowGraph>();
        var root = definition.Root;
        RootType = root?["type"]?.ToString();
        Root = root is null || string.IsNullOrEmpty(RootType) ? null
            : RootType == "Elsa.Flowchart" ? FlowGraph.Parse(root, "", graphs)
            : root["id"] is JsonValue ? FlowGraph.OneActivity(root, "", graphs)
            : null;
        Graphs = graphs.GroupBy(g => g.NodeId).ToDictionary(g => g.Key, g => g.First());
        foreach (var a in graphs.SelectMany(g => g.Activities))
        {
            ActivitiesById.TryAdd(a.Id, a);
            if (a.Name is not null)
            {
                ActivitiesByName.TryAdd(a.Name, a);
            }
        }

        foreach (var v in definition.Json["variables"] as JsonArray ?? [])
        {
            if (v is JsonObject o && o["name"]?.ToString() is { } name)
            {
                Variables.Add(new VariableDefinition(o["id"]?.ToString() ?? name, name, o["typeName"]?.ToString() ?? "Object", o["value"]));
            }
        }

        var mode = definition.Json["customProperties"]?["flowchartExecutionMode"]?.ToString()
            ?? root?["customProperties"]?["flowchartExecutionMode"]?.ToString();
        TaskQueue = definition.Json["options"]?["taskQueue"] is JsonValue q && q.TryGetValue<string>(out var queue) && !string.IsNullOrWhiteSpace(queue) ? queue.Trim() : null;
        Timeout = WorkflowTimeout.TryRead(WorkflowTimeout.Of(definition.Json), out var timeout, out _) ? timeout : null;
        ExecutionMode = Enum.TryParse<FlowchartExecutionMode>(mode, ignoreCase: true, out var m) ? m : FlowchartExecutionMode.CounterBased;
    }

    public string? RootType { get; }
    /// <summary>The root flowchart, or a one-activity graph around any other root (a Sequence, a Fork…); null when there is none.</summary>
    public FlowGraph? Root { get; }

    public bool RootIsFlowchart => RootType == "Elsa.Flowchart";
    public IReadOnlyDictionary<string, FlowGraph> Graphs { get; }
    public Dictionary<string, FlowActivity> ActivitiesById { get; } = [];
    public Dictionary<string, FlowActivity> ActivitiesByName { get; } = [];
    public List<VariableDefinition> Variables { get; } = [];
    public FlowchartExecutionMode ExecutionMode { get; }

    /// <summary>The definition's <c>options.taskQueue</c>: the queue its task activities run on when the instance was not given one.</summary>
    public string? TaskQueue { get; }

    /// <summary>The definition's <c>options.timeout</c>: how long an instance may run from its start; null for none (or an invalid value, refused on save).</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Definitions are treated as immutable once run; a changed definition is a new object (a new version).</summary>
    public static WorkflowModel For(WorkflowDefinition definition) => Cache.GetValue(definition.Json, _ => new WorkflowModel(definition));

    public static WorkflowModel Read(WorkflowDefinition definition) => new(definition);
}
