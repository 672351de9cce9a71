using Microsoft.Extensions.Options;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Server.Security;

/// <summary>At start: a server reachable from other machines needs a key, or an explicit <c>PatientDocs:AllowAnonymous=true</c>.</summary>
public sealed class ServerAccessValidator(IConfiguration configuration) : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var hasKey = !string.IsNullOrEmpty(options.ApiKey);
        if (hasKey && options.AllowAnonymous)
        {
            return ValidateOptionsResult.Fail(
                "PatientDocs:AllowAnonymous=true contradicts PatientDocs:ApiKey: with a key set every route that reads or changes data requires it. Remove one of the two.");
        }

        if (hasKey || options.AllowAnonymous)
        {
            return ValidateOptionsResult.Success;
        }

        var exposed = ListenAddresses.Of(configuration).Where(address => !ListenAddresses.IsLoopback(address)).ToList();
        return exposed.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"The server would listen on {string.Join(", ", exposed)}, which is reachable from other machines, and no API key is set. " +
                "Set PatientDocs:ApiKey (environment variable PatientDocs__ApiKey) to require the key on every route that reads or changes data, " +
                "listen on a loopback address only (--urls http://127.0.0.1:5000), " +
                "or set PatientDocs:AllowAnonymous=true (PatientDocs__AllowAnonymous=true) to serve them to anyone.");
    }
}
