using PatientDocs.Engine.Definitions;

namespace PatientDocs.Server.Definitions;

/// <summary>The version a save or publish produced, or the validation errors (by activity id) that stopped a publish.</summary>
public sealed record SaveOutcome(WorkflowDefinition? Definition, bool AlreadyPublished, IReadOnlyDictionary<string, string[]>? Errors)
{
    public bool IsValid => Errors is null;
}
