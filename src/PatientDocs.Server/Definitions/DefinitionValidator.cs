using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Validation;

namespace PatientDocs.Server.Definitions;

/// <summary>The engine's publish-time checks, keyed by activity id (or "root") the way Studio shows ProblemDetails errors.</summary>
public sealed class DefinitionValidator(WorkflowValidator validator)
{
    public IReadOnlyDictionary<string, string[]> Validate(WorkflowDefinition definition) =>
        validator.Validate(definition)
            .GroupBy(e => e.ActivityId ?? "root", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}
