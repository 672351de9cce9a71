using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>
/// A server with an API key and two authorization policies registered by the host: <see cref="KeyHolders"/>, which an API
/// key holder satisfies, and <see cref="Admins"/>, which needs a role no key holder has.
/// </summary>
public sealed class TriggerPolicyServer : ServerFactory
{
    public const string ApiKey = "policy-key-123";
    public const string KeyHolders = "key-holders";
    public const string Admins = "admins";

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:ApiKey"] = ApiKey;
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<AuthorizationOptions>(o =>
        {
            o.AddPolicy(KeyHolders, p => p.RequireAuthenticatedUser());
            o.AddPolicy(Admins, p => p.RequireRole("admin"));
        }));
    }
}
