using Microsoft.Extensions.Options;

namespace PatientDocs.PatientDocuments;

/// <summary>Runs an options class's own Validate() at start; the failure message names every invalid field.</summary>
public sealed class OptionsValidator<TOptions>(Func<TOptions, IEnumerable<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = validate(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
