using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Triggers;

namespace PatientDocs.Server.Triggers;

/// <summary>
/// Elsa's <c>policy</c> input of an HTTP trigger marked <c>authorize</c>: the request must satisfy that ASP.NET Core
/// authorization policy, registered in the host (<c>AddAuthorization(o =&gt; o.AddPolicy(...))</c>), with the trigger as
/// the resource. A denied request, or a policy the host does not know, is answered 403 ProblemDetails naming the policy.
/// </summary>
public static class HttpTriggerPolicy
{
    /// <summary>Null when the trigger names no policy or the request satisfies it; otherwise the 403 to answer.</summary>
    public static async Task<ProblemHttpResult?> CheckAsync(HttpTrigger trigger, ClaimsPrincipal user, IAuthorizationService authorization, IAuthorizationPolicyProvider policies)
    {
        if (!trigger.Authorize || trigger.Policy is not { } name)
        {
            return null;
        }

        if (await policies.GetPolicyAsync(name) is not { } policy)
        {
            return Forbidden(name, $"The HTTP trigger /workflows/{trigger.Path} requires the authorization policy '{name}', which is not registered on this server.");
        }

        return (await authorization.AuthorizeAsync(user, trigger, policy)).Succeeded
            ? null
            : Forbidden(name, $"The request does not satisfy the authorization policy '{name}' of the HTTP trigger /workflows/{trigger.Path}.");
    }

    /// <summary>The publish-time error for a trigger whose policy the host cannot evaluate, or null.</summary>
    public static async Task<string?> ProblemAsync(HttpTrigger trigger, IAuthorizationPolicyProvider policies)
    {
        if (!trigger.Authorize || trigger.Policy is not { } name)
        {
            return null;
        }

        if (name == HttpTrigger.UnreadablePolicy)
        {
            return "Input 'policy' must be a literal policy name: a request is authorized before any expression of the workflow runs.";
        }

        return await policies.GetPolicyAsync(name) is null
            ? $"Input 'policy': no authorization policy named '{name}' is registered on this server."
            : null;
    }

    private static ProblemHttpResult Forbidden(string policy, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["policy"] = policy });
}
