using System.Text.Json.Nodes;
using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Activities;

/// <summary>What a container activity may see and do while it runs: schedule its children, keep state, complete or fault.</summary>
public sealed class ContainerContext
{
    private readonly IContainerHost host;

    internal ContainerContext(IContainerHost host, ActivityContext activity, JsonObject json)
    {
        this.host = host;
        Activity = activity;
        Json = json;
    }

    /// <summary>The activity's view of the instance: variables, expressions, the clock.</summary>
    public ActivityContext Activity { get; }

    /// <summary>The container as stored in the definition (read only).</summary>
    public JsonObject Json { get; }

    /// <summary>A descendant ran Break and the signal reached this container.</summary>
    public bool IsBreaking => host.IsBreaking;

    /// <summary>State kept across bursts with the instance (an index, a count); keep it small and independent of iterations.</summary>
    public JsonObject Properties => host.Properties;

    public bool Completed { get; private set; }

    public string? FaultMessage { get; private set; }

    public bool HasSlot(string slot) => host.HasSlot(slot);

    /// <summary>How many entries a list of children (<c>activities</c>, <c>branches</c>, <c>cases</c>) has in the JSON.</summary>
    public int Count(string list) => ChildSlots.Count(Json, list);

    /// <summary>Runs the child in <paramref name="slot"/> with the given variables visible to it; false when the slot is empty.</summary>
    public bool Schedule(string slot, JsonObject? variables = null) => !Completed && host.Schedule(slot, variables);

    /// <summary>Evaluates an input declared with <c>AutoEvaluate = false</c> (or any wrapped input) now.</summary>
    public JsonNode? EvaluateInput(string name) => host.EvaluateInput(name);

    /// <summary>Completes the container with Done; children still running are cancelled.</summary>
    public void Complete() => Completed = true;

    public void Fault(string message) => FaultMessage = message;

    /// <summary>Reads an integer kept in <see cref="Properties"/>, or the fallback.</summary>
    public long GetLong(string name, long fallback = 0) => Properties[name] is not JsonValue v ? fallback
        : v.TryGetValue<long>(out var l) ? l
        : v.TryGetValue<int>(out var i) ? i
        : v.TryGetValue<double>(out var d) ? (long)d
        : fallback;
}
