using Microsoft.Extensions.Options;
using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Runtime;

/// <summary>Fails start with every problem of <c>PatientDocs</c> and <c>PatientDocs:Services</c>, each naming its key.</summary>
internal sealed class RuntimeOptionsValidator : IValidateOptions<RuntimeOptions>, IValidateOptions<TaskServicesOptions>
{
    public ValidateOptionsResult Validate(string? name, RuntimeOptions options) => From(options.Validate());

    public ValidateOptionsResult Validate(string? name, TaskServicesOptions options) => From(options.Validate());

    private static ValidateOptionsResult From(IReadOnlyList<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
