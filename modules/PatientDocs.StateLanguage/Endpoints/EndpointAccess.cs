using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary>
/// Applies the access rules the host put on the module's routes (its <c>RequireAuthorization</c>) inside a handler whose
/// route is anonymous so that it can hand other requests on (see <see cref="TriggerHandOff"/>).
/// </summary>
internal static class EndpointAccess
{
    /// <summary>Null when the request may go on; a challenge or forbid result otherwise.</summary>
    public static async Task<IResult?> CheckAsync(HttpContext context)
    {
        var rules = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>() ?? [];
        if (rules.Count == 0)
        {
            return null;
        }

        var policies = context.RequestServices.GetRequiredService<IAuthorizationPolicyProvider>();
        if (await AuthorizationPolicy.CombineAsync(policies, rules) is not { } policy)
        {
            return null;
        }

        var evaluator = context.RequestServices.GetRequiredService<IPolicyEvaluator>();
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, resource: null);
        return authorization.Succeeded ? null : authorization.Challenged ? Results.Challenge() : Results.Forbid();
    }
}
