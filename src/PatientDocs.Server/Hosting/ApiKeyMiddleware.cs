using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PatientDocs.Server.Hosting;

/// <summary>When <see cref="ServerOptions.ApiKey"/> is set, <c>/elsa/api</c> requires <c>Authorization: ApiKey &lt;key&gt;</c> (what Studio sends).</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private const string Scheme = "ApiKey ";
    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (_key is null || !context.Request.Path.StartsWithSegments("/elsa/api") || HttpMethods.IsOptions(context.Request.Method) || HasKey(context))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "ApiKey";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 401, Title = "Unauthorized", Detail = "Send the header Authorization: ApiKey <key>." },
        });
    }

    private bool HasKey(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, _key);
    }
}
