using Microsoft.Extensions.FileProviders;
using PatientDocs.Server.Security;

namespace PatientDocs.Server.Studio;

/// <summary>
/// Serves the unmodified Elsa Studio package (public files, no secrets) and our host page under <c>/studio</c>; with a key
/// set, the host page needs a session from the sign-in page, and Studio's API calls then carry that session's cookie.
/// </summary>
public static class StudioEndpoints
{
    public static readonly PathString BasePath = "/studio";

    public static WebApplication MapStudio(this WebApplication app)
    {
        app.MapStudioSignIn();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PatientDocs.Server.Studio");
        var package = StudioPackage.Locate(app.Configuration["PatientDocs:StudioPath"], app.Environment.ContentRootPath, AppContext.BaseDirectory);
        if (package is null)
        {
            StudioLog.StudioMissing(logger, Path.Combine(app.Environment.ContentRootPath, StudioPackage.RelativePath));
            app.MapGet("/studio/{**route}", () => TypedResults.Text(
                "Elsa Studio is not installed. Run `npm ci` in src/PatientDocs.Server/Studio and restart the server.",
                statusCode: StatusCodes.Status503ServiceUnavailable)).RequireServerAccess();
            return app;
        }

        StudioLog.StudioServed(logger, package);
        var files = new PhysicalFileProvider(package);
        var precompressed = new PrecompressedFiles(files, BasePath);
        app.Use((context, next) => precompressed.InvokeAsync(context, () => next(context)));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = BasePath,
            ContentTypeProvider = new StudioContentTypes(),
            OnPrepareResponse = file => PrecompressedFiles.PrepareResponse(file.Context),
        });

        // The package's own index.html is never served: it names an unregistered element and ignores Backend.Url.
        static IResult Page(HttpContext context, ApiKeyVerifier verifier)
        {
            StudioHostPage.ForbidFraming(context.Response);
            return TypedResults.Content(StudioHostPage.Render(context.Request.PathBase, signOut: verifier.IsRequired), "text/html; charset=utf-8");
        }

        app.MapGet("/studio", Page).RequireServerAccess().ExcludeFromDescription();
        app.MapGet("/studio/index.html", Page).RequireServerAccess().ExcludeFromDescription();
        app.MapGet("/studio/{**route:nonfile}", Page).RequireServerAccess().ExcludeFromDescription();
        return app;
    }
}
