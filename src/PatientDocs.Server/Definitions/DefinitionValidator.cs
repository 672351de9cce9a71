using Microsoft.AspNetCore.Authorization;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Triggers;
using PatientDocs.Engine.Validation;
using PatientDocs.Server.Triggers;

namespace PatientDocs.Server.Definitions;

/// <summary>
/// The engine's publish-time checks plus the host's (an HTTP trigger's authorization policy must be registered here), keyed
/// by activity id (or "root") the way Studio shows ProblemDetails errors.
/// </summary>
public sealed class DefinitionValidator(WorkflowValidator validator, IAuthorizationPolicyProvider policies)
{
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(WorkflowDefinition definition)
    {
        var errors = validator.Validate(definition).ToList();
        foreach (var trigger in HttpTriggerFinder.TriggersOf(definition))
        {
            if (await HttpTriggerPolicy.ProblemAsync(trigger, policies) is { } problem)
            {
                errors.Add(new ValidationError(trigger.ActivityId, problem));
            }
        }

        return errors
            .GroupBy(e => e.ActivityId ?? "root", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
    }
}
