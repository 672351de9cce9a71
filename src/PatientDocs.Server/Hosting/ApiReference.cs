using PatientDocs.Server.Security;
using Scalar.AspNetCore;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// The OpenAPI document of every route (<c>/openapi/v1.json</c>) and a page to read and try it (<c>/api-docs</c>), so a user
/// learns the API without reading the source.
/// </summary>
public static class ApiReference
{
    public const string DocumentPath = "/openapi/v1.json";

    public const string PagePath = "/api-docs";

    public static IServiceCollection AddApiReference(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PatientDocs API";
            document.Info.Description = "Elsa-compatible workflow API under /elsa/api, HTTP triggers, and the modules' own routes.";
            return Task.CompletedTask;
        }));

    public static WebApplication MapApiReference(this WebApplication app)
    {
        // Behind the same access as the API it describes; a browser signed in to Studio carries its session cookie here.
        app.MapOpenApi(DocumentPath).RequireServerAccess();
        app.MapScalarApiReference(PagePath, options => options.WithTitle("PatientDocs API").WithOpenApiRoutePattern(DocumentPath)).RequireServerAccess();
        return app;
    }
}
