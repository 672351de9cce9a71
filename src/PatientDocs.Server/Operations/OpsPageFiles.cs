namespace PatientDocs.Server.Operations;

/// <summary>The page's files, embedded in the server at build (Operations/Page and Chart.js from npm), so no CDN and no folder to find.</summary>
public sealed class OpsPageFiles
{
    private const string Prefix = "PatientDocs.Server.Operations.Page.";

    private readonly Dictionary<string, OpsPageFile> _files;

    private OpsPageFiles(Dictionary<string, OpsPageFile> files, string html)
    {
        _files = files;
        Html = html;
    }

    /// <summary>The page with <c>{{BASE}}</c> and <c>{{STUDIO}}</c> placeholders.</summary>
    public string Html { get; }

    public static OpsPageFiles Load()
    {
        var assembly = typeof(OpsPageFiles).Assembly;
        var files = new Dictionary<string, OpsPageFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var file = name[Prefix.Length..];
            files[file] = new OpsPageFile(buffer.ToArray(), ContentTypeOf(file));
        }

        var html = files.Remove("index.html", out var page)
            ? System.Text.Encoding.UTF8.GetString(page.Content)
            : throw new InvalidOperationException("The operations page (Operations/Page/index.html) is not embedded in the server.");
        return new OpsPageFiles(files, html);
    }

    public OpsPageFile? Find(string name) => _files.GetValueOrDefault(name);

    private static string ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    };
}
