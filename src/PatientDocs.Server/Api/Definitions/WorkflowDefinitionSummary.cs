using PatientDocs.Engine.Definitions;

namespace PatientDocs.Server.Api.Definitions;

/// <summary>A row of Studio's definition list.</summary>
public sealed record WorkflowDefinitionSummary(
    string Id,
    string DefinitionId,
    string? Name,
    string? Description,
    int Version,
    bool IsLatest,
    bool IsPublished,
    DateTimeOffset CreatedAt,
    string MaterializerName,
    bool IsMaterializerAvailable)
{
    public static WorkflowDefinitionSummary From(WorkflowDefinition d) =>
        new(d.Id, d.DefinitionId, d.Name, d.Description, d.Version, d.IsLatest, d.IsPublished, d.CreatedAt, "Json", true);
}
