using Microsoft.Extensions.Options;

namespace PatientDocs.StateLanguage.Hosting;

/// <summary>Stops the server at start with a message naming every invalid key.</summary>
public sealed class StateLanguageOptionsValidator : IValidateOptions<StateLanguageOptions>
{
    public ValidateOptionsResult Validate(string? name, StateLanguageOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
