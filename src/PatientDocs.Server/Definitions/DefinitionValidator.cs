using PatientDocs.Engine.Definitions;

namespace PatientDocs.Server.Definitions;

/// <summary>Checks a definition before it is published; errors are keyed by activity id (or "root"), as Studio shows them.</summary>
public sealed class DefinitionValidator
{
    public IReadOnlyDictionary<string, string[]> Validate(WorkflowDefinition definition)
    {
        var errors = new Dictionary<string, string[]>();
        if (definition.Root is not { } root || root["type"] is null)
        {
            errors["root"] = ["The definition has no root activity."];
        }

        return errors;
    }
}
