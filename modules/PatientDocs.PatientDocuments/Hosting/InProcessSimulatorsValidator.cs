using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PatientDocs.PatientDocuments.Hosting;

/// <summary>At start: <c>PatientDocs:Simulators:InProcess=true</c> only where it makes sense, never on a production server.</summary>
public sealed class InProcessSimulatorsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<SimulatorHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorHostingOptions options)
    {
        if (options.InProcess != true)
        {
            return ValidateOptionsResult.Success;
        }

        if (InProcessSimulators.IsProductionServer(configuration, environment))
        {
            return ValidateOptionsResult.Fail(
                $"{InProcessSimulators.OptionKey}=true is refused in the Production environment: the simulators' control routes (outages, stats reset) " +
                "must never be reachable on a production server. Remove the setting and set PatientDocs:Services:DocumentExchange:BaseUrl and " +
                "PatientDocs:Services:TaskTracker:BaseUrl to the services (or to the simulators run on their own).");
        }

        var configured = InProcessSimulators.ConfiguredServices(configuration);
        return configured.Count < 2
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{InProcessSimulators.OptionKey}=true, but {string.Join(" and ", configured.Select(s => s + ":BaseUrl"))} point elsewhere, " +
                "so nothing would call the in-process simulators. Remove the setting, or remove the BaseUrl of the service to simulate here.");
    }
}
