using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <summary>The interpreter's side of <see cref="ContainerContext"/>, for one container execution.</summary>
internal interface IContainerHost
{
    bool IsBreaking { get; }
    JsonObject Properties { get; }
    bool HasSlot(string slot);
    bool Schedule(string slot, JsonObject? variables);
    JsonNode? EvaluateInput(string name);
}
