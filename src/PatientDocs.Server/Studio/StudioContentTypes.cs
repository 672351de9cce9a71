using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.StaticFiles;

namespace PatientDocs.Server.Studio;

/// <summary>MIME types of the Blazor WebAssembly files; a pre-compressed sibling keeps the type of the file it encodes.</summary>
public sealed class StudioContentTypes : IContentTypeProvider
{
    private readonly FileExtensionContentTypeProvider inner = new();

    public StudioContentTypes()
    {
        inner.Mappings[".wasm"] = "application/wasm";
        inner.Mappings[".dat"] = "application/octet-stream";
        inner.Mappings[".blat"] = "application/octet-stream";
        inner.Mappings[".dll"] = "application/octet-stream";
        inner.Mappings[".pdb"] = "application/octet-stream";
        inner.Mappings[".json"] = "application/json";
        inner.Mappings[".js"] = "text/javascript";
        inner.Mappings[".mjs"] = "text/javascript";
        inner.Mappings[".webmanifest"] = "application/manifest+json";
    }

    public bool TryGetContentType(string subpath, [MaybeNullWhen(false)] out string contentType) =>
        inner.TryGetContentType(StripEncoding(subpath), out contentType);

    /// <summary>The path of the file a <c>.br</c>/<c>.gz</c> sibling encodes (or the path itself).</summary>
    public static string StripEncoding(string path) =>
        path.EndsWith(".br", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? path[..^3]
            : path;
}
