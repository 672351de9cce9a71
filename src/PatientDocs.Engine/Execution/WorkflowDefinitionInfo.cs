using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Execution;

/// <param name="InputNames">The inputs the definition declares (its <c>inputs</c>), for expressions' accessors.</param>
internal sealed record WorkflowDefinitionInfo(string DefinitionId, string VersionId, int Version, IReadOnlyList<string> InputNames)
{
    public static WorkflowDefinitionInfo Of(WorkflowDefinition definition) => new(
        definition.DefinitionId,
        definition.Id,
        definition.Version,
        (definition.Json["inputs"] as JsonArray ?? []).Select(i => i?["name"]?.ToString()).OfType<string>().ToList());
}
