using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary>
/// Hands a <c>GET /workflows/{name}</c> that names no state-language workflow to the host's HTTP trigger endpoint
/// (<c>/workflows/{**path}</c>), which the more specific route otherwise hides; 404 when the host maps none.
/// </summary>
internal static class TriggerHandOff
{
    public const string TriggerPattern = "/workflows/{**path}";

    public static async Task<IResult> InvokeAsync(HttpContext context, string name)
    {
        var sources = context.RequestServices.GetRequiredService<EndpointDataSource>();
        var trigger = sources.Endpoints.OfType<RouteEndpoint>().FirstOrDefault(e => e.RoutePattern.RawText == TriggerPattern && e.RequestDelegate is not null);
        if (trigger is null)
        {
            return StateLanguageProblems.NotFound("Workflow not found.", $"No workflow named '{name}'.");
        }

        context.Request.RouteValues.Remove("name");
        context.Request.RouteValues["path"] = name;
        context.SetEndpoint(trigger);
        await trigger.RequestDelegate!(context);
        return Results.Empty;
    }
}
