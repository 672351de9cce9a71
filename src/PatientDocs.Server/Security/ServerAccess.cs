using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using PatientDocs.Server.Hosting;
using PatientDocs.Server.Studio;

namespace PatientDocs.Server.Security;

/// <summary>
/// Who may read or change data: with <c>PatientDocs:ApiKey</c> set, a request presents the key
/// (<c>Authorization: ApiKey &lt;key&gt;</c> or <c>X-Api-Key</c>) or carries the session cookie that Studio's sign-in page
/// sets; without a key every request may. Routes opt in with <see cref="RequireServerAccess{TBuilder}"/>.
/// </summary>
public static class ServerAccess
{
    public const string PolicyName = "PatientDocs.Access";
    public const string Scheme = "PatientDocs";
    public const string ApiKeyScheme = "ApiKey";
    public const string SessionScheme = "PatientDocs.Session";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string SessionCookie = "PatientDocs.Session";

    /// <summary>How long an unused Studio session lives; each request within it extends it.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    private const string AuthorizationPrefix = "ApiKey ";

    public static IServiceCollection AddServerAccess(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<SessionTicketStore>();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerAccessValidator>();
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, displayName: null, o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, displayName: null, configureOptions: null)
            .AddCookie(SessionScheme, o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = SessionLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = StudioSignInEndpoints.SignInPath;
                o.ReturnUrlParameter = StudioSignInEndpoints.ReturnUrlParameter;
                o.Events.OnRedirectToLogin = RedirectToSignInOrRefuse;
                o.Events.OnRedirectToAccessDenied = context => WriteUnauthorizedAsync(context.HttpContext, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<CookieAuthenticationOptions>(SessionScheme)
            .Configure<SessionTicketStore>((o, store) => o.SessionStore = store);
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ServerOptions>>((authorization, server) =>
            authorization.AddPolicy(PolicyName, policy =>
            {
                if (string.IsNullOrEmpty(server.Value.ApiKey))
                {
                    policy.RequireAssertion(_ => true);
                }
                else
                {
                    policy.RequireAuthenticatedUser();
                }
            }));
        return services;
    }

    /// <summary>The route (or group) needs the key or a session whenever a key is configured.</summary>
    public static TBuilder RequireServerAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyName);

    /// <summary>The key a request presents in <c>Authorization: ApiKey</c> or <c>X-Api-Key</c>, or null.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[AuthorizationPrefix.Length..].Trim();
        }

        return request.Headers.TryGetValue(ApiKeyHeader, out var header) && header.Count > 0 ? header.ToString().Trim() : null;
    }

    /// <summary>The principal of a request that proved it holds the key.</summary>
    public static ClaimsPrincipal KeyHolder(string authenticationType) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], authenticationType));

    /// <summary>401 (or 403) as ProblemDetails, saying how to authenticate; never a redirect for an API client.</summary>
    public static Task WriteUnauthorizedAsync(HttpContext context, int status = StatusCodes.Status401Unauthorized)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.WWWAuthenticate = "ApiKey";
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden",
                Detail = "Send the API key as Authorization: ApiKey <key> or X-Api-Key: <key>, or sign in to Studio at /studio/sign-in.",
            },
        }).AsTask();
    }

    // A request that presents a key is judged by it alone; any other by its session cookie.
    private static string SelectScheme(HttpContext context) =>
        PresentedKey(context.Request) is not null ? ApiKeyScheme : SessionScheme;

    // A browser asking for a Studio or operations page goes to the sign-in page; an API client gets 401.
    private static Task RedirectToSignInOrRefuse(RedirectContext<CookieAuthenticationOptions> context)
    {
        if ((context.Request.Path.StartsWithSegments(StudioEndpoints.BasePath) || context.Request.Path.StartsWithSegments(Operations.OperationsEndpoints.PagePath))
            && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        return WriteUnauthorizedAsync(context.HttpContext);
    }
}
