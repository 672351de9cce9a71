using Microsoft.Extensions.Options;

namespace PatientDocs.ContentPipeline.Hosting;

/// <summary>Stops the server at start with a message naming every invalid key.</summary>
public sealed class ContentPipelineOptionsValidator : IValidateOptions<ContentPipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentPipelineOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
