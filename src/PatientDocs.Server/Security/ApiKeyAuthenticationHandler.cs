using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PatientDocs.Server.Security;

/// <summary>Authenticates a request that presents the API key (<see cref="ServerAccess.PresentedKey"/>); a wrong key fails.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ServerAccess.PresentedKey(Request);
        if (presented is null || !verifier.IsRequired)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!verifier.Matches(presented))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key does not match."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(ServerAccess.KeyHolder(Scheme.Name), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ServerAccess.WriteUnauthorizedAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ServerAccess.WriteUnauthorizedAsync(Context, StatusCodes.Status403Forbidden);
}
