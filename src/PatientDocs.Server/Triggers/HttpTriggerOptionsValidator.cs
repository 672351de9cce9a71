using Microsoft.Extensions.Options;

namespace PatientDocs.Server.Triggers;

/// <summary>Runs at start (ValidateOnStart); each message names the setting to fix.</summary>
public sealed class HttpTriggerOptionsValidator : IValidateOptions<HttpTriggerOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpTriggerOptions options)
    {
        var failures = new List<string>();
        if (options.ResponseTimeout < TimeSpan.Zero)
        {
            failures.Add($"PatientDocs:Http:ResponseTimeout must not be negative (was {options.ResponseTimeout}); zero answers 202 as soon as the workflow suspends.");
        }

        if (options.ResponsePollInterval <= TimeSpan.Zero)
        {
            failures.Add($"PatientDocs:Http:ResponsePollInterval must be positive (was {options.ResponsePollInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
