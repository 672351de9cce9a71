using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Server.Security;

namespace PatientDocs.Server.Studio;

/// <summary>
/// <c>/studio/sign-in</c> exchanges the API key, typed once, for a session cookie (HttpOnly, SameSite=Strict) that the
/// API accepts; <c>POST /studio/sign-out</c> ends the session. Without a key configured both lead straight to Studio.
/// </summary>
public static partial class StudioSignInEndpoints
{
    public const string ReturnUrlParameter = "returnUrl";
    public const string KeyField = "key";
    public static readonly PathString SignInPath = "/studio/sign-in";
    public static readonly PathString SignOutPath = "/studio/sign-out";

    public static IEndpointRouteBuilder MapStudioSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath.Value!, ShowSignIn).ExcludeFromDescription();
        app.MapPost(SignInPath.Value!, SignInAsync).ExcludeFromDescription();
        app.MapPost(SignOutPath.Value!, (Delegate)SignOutAsync).ExcludeFromDescription();
        return app;
    }

    private static Results<ContentHttpResult, RedirectHttpResult> ShowSignIn(HttpRequest request, ApiKeyVerifier verifier)
    {
        var returnUrl = SafeReturnUrl(request.PathBase, request.Query[ReturnUrlParameter]);
        return verifier.IsRequired
            ? Page(request.HttpContext, returnUrl, error: null, StatusCodes.Status200OK)
            : TypedResults.Redirect(returnUrl);
    }

    private static async Task<Results<ContentHttpResult, RedirectHttpResult>> SignInAsync(
        HttpContext context, ApiKeyVerifier verifier, ILoggerFactory loggers)
    {
        var request = context.Request;
        var form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var returnUrl = SafeReturnUrl(request.PathBase, form[ReturnUrlParameter]);
        if (!verifier.IsRequired)
        {
            return TypedResults.Redirect(returnUrl);
        }

        var key = form[KeyField].ToString();
        if (key.Length == 0)
        {
            return Page(context, returnUrl, "Enter the API key.", StatusCodes.Status400BadRequest);
        }

        if (!verifier.Matches(key))
        {
            LogRejected(loggers.CreateLogger(typeof(StudioSignInEndpoints)), context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return Page(context, returnUrl, "That key is not the server's API key.", StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(ServerAccess.SessionScheme, ServerAccess.KeyHolder(ServerAccess.SessionScheme), new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Redirect(returnUrl);
    }

    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(ServerAccess.SessionScheme);
        return TypedResults.Redirect(context.Request.PathBase.Add(SignInPath).Value!);
    }

    private static ContentHttpResult Page(HttpContext context, string returnUrl, string? error, int status)
    {
        StudioHostPage.ForbidFraming(context.Response);
        return TypedResults.Content(StudioSignInPage.Render(context.Request.PathBase, returnUrl, error), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A path of Studio or the operations page on this server; anything else (another site, <c>//host</c>, the API) becomes Studio's root.</summary>
    public static string SafeReturnUrl(PathString pathBase, string? requested)
    {
        var fallback = pathBase.Add(StudioEndpoints.BasePath).Value + "/";
        if (string.IsNullOrEmpty(requested) || !requested.StartsWith('/') || requested.StartsWith("//", StringComparison.Ordinal)
            || requested.Contains('\\', StringComparison.Ordinal) || requested.Any(char.IsControl))
        {
            return fallback;
        }

        var studio = pathBase.Add(StudioEndpoints.BasePath);
        var path = new PathString(requested.Split('?', 2)[0]);
        var ops = pathBase.Add(Operations.OperationsEndpoints.PagePath);
        return (path.StartsWithSegments(studio) || path.StartsWithSegments(ops)) && !path.StartsWithSegments(pathBase.Add(SignInPath)) ? requested : fallback;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Studio sign-in with a wrong API key from {RemoteAddress}")]
    private static partial void LogRejected(ILogger logger, string remoteAddress);
}
