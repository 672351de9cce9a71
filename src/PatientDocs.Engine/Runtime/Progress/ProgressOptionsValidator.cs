using Microsoft.Extensions.Options;

namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>Fails start with every problem of <c>PatientDocs:Progress</c>, each naming its key.</summary>
internal sealed class ProgressOptionsValidator : IValidateOptions<ProgressOptions>
{
    public ValidateOptionsResult Validate(string? name, ProgressOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
