using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.StateLanguage.Hosting;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.StateLanguage.Registration;

/// <summary>Registers the shipped sample (<c>order_processing_workflow</c>) at start unless it is registered already or turned off.</summary>
public sealed partial class SampleRegistration(WorkflowRegistrar registrar, IOptions<StateLanguageOptions> options, ILogger<SampleRegistration> logger) : IStartupTask
{
    public const string Resource = "state-language/order_processing_workflow.yaml";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RegisterSample)
        {
            return;
        }

        var result = await registrar.RegisterAsync(ReadSample(), DefinitionFormat.Yaml, cancellationToken);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The shipped sample {Resource} is invalid: {string.Join(" ", result.Errors.Select(e => e.Message))}");
        }

        if (result.Conflict)
        {
            LogAlreadyRegistered(logger, result.Name!, result.Version!);
        }
    }

    public static string ReadSample()
    {
        using var stream = StateLanguageModule.Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The module's assembly has no resource {Resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The sample {Name} {Version} is registered already.")]
    private static partial void LogAlreadyRegistered(ILogger logger, string name, string version);
}
