using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace PatientDocs.Server.Studio;

/// <summary>
/// Serves the package's <c>.br</c>/<c>.gz</c> siblings with <c>Content-Encoding</c> when the client accepts them; otherwise
/// the uncompressed file. A compressed body never leaves without its header.
/// </summary>
public sealed class PrecompressedFiles(IFileProvider files, PathString requestPath)
{
    private const string EncodingItem = "PatientDocs.Studio.ContentEncoding";

    /// <summary>Rewrites the request to the compressed sibling (before the static-file middleware runs).</summary>
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments(requestPath, out var subPath) || !subPath.HasValue)
        {
            await next();
            return;
        }

        var path = subPath.Value!;
        if (!string.Equals(StudioContentTypes.StripEncoding(path), path, StringComparison.Ordinal))
        {
            // The compressed siblings are only reachable through negotiation, never as raw bodies.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            foreach (var (encoding, extension) in AcceptedEncodings(context.Request.Headers.AcceptEncoding))
            {
                if (files.GetFileInfo(path + extension).Exists)
                {
                    context.Request.Path = requestPath.Add(path + extension);
                    context.Items[EncodingItem] = encoding;
                    break;
                }
            }
        }

        await next();
    }

    /// <summary>Adds the headers of a negotiated response (StaticFileOptions.OnPrepareResponse).</summary>
    public static void PrepareResponse(HttpContext context)
    {
        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        if (context.Items.TryGetValue(EncodingItem, out var encoding) && encoding is string name)
        {
            context.Response.Headers.ContentEncoding = name;
        }
    }

    private static List<(string Encoding, string Extension)> AcceptedEncodings(StringValues header)
    {
        var accepted = new List<(string, string)>();
        if (!StringWithQualityHeaderValue.TryParseList(header, out var values))
        {
            return accepted;
        }

        bool Accepts(string name) => values.Any(v => string.Equals(v.Value.Value, name, StringComparison.OrdinalIgnoreCase) && (v.Quality ?? 1) > 0);
        if (Accepts("br"))
        {
            accepted.Add(("br", ".br"));
        }

        if (Accepts("gzip"))
        {
            accepted.Add(("gzip", ".gz"));
        }

        return accepted;
    }
}
