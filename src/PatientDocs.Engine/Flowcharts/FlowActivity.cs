using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Flowcharts;

/// <summary>An activity of a flowchart as stored; <see cref="Body"/> is set for flowchart containers, <see cref="Slots"/> for structured ones.</summary>
public sealed class FlowActivity
{
    private static readonly Dictionary<string, FlowGraph> Empty = [];

    public required string Id { get; init; }
    public required string NodeId { get; init; }
    public string? Name { get; init; }
    public required string Type { get; init; }
    public required JsonObject Json { get; init; }
    public FlowGraph? Body { get; init; }

    /// <summary>A structured container's children by slot (see <see cref="ChildSlots"/>), each in a one-activity graph.</summary>
    public IReadOnlyDictionary<string, FlowGraph> Slots { get; init; } = Empty;

    /// <summary>A workflow definition used as an activity: its published root, inlined by the runtime, is the body.</summary>
    public bool IsDefinitionActivity => Body is not null && Json["workflowDefinitionId"] is JsonValue;

    public bool CanStartWorkflow =>
        Json["customProperties"]?["canStartWorkflow"] is JsonValue v && v.TryGetValue<bool>(out var b) ? b
        : Json["canStartWorkflow"] is JsonValue old && old.TryGetValue<bool>(out var o) && o;

    public string? CustomProperty(string name) =>
        Json["customProperties"]?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
