using System.Net;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Studio;

/// <summary>/studio serves the npm package's files with the right types and encodings, and our own host page.</summary>
public sealed class StudioServingTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Theory]
    [InlineData("/studio")]
    [InlineData("/studio/")]
    [InlineData("/studio/index.html")]
    [InlineData("/studio/workflows/definitions/patient-documents/edit")]
    [InlineData("/studio/workflows/instances/abc/view")]
    public async Task HostPage_IsOursForTheRootAndEveryClientRoute(string path)
    {
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<base href=\"/studio/\"/>", html, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.webassembly.js", html, StringComparison.Ordinal);
        Assert.Contains("elsa-workflow-definition-editor", html, StringComparison.Ordinal);
        Assert.Contains("\"apiEndpoint\":\"/elsa/api\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("api-key", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form id=\"pd-sign-out\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("elsa-studio-workflow-definition-editor", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wasm_WithoutAcceptEncoding_IsTheUncompressedFileAsApplicationWasm()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/" + FrameworkFile(".wasm"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("\0asm"u8.ToArray(), body[..4]);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    public async Task Wasm_WhenTheClientAcceptsAnEncoding_IsThePrecompressedSiblingWithContentEncoding(string acceptEncoding, string expected)
    {
        var name = FrameworkFile(".wasm");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/" + name);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var extension = expected == "br" ? ".br" : ".gz";
        Assert.Equal(new FileInfo(Path.Combine(PackageFolder(), "_framework", name + extension)).Length, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData(".dat", "application/octet-stream")]
    [InlineData(".js", "text/javascript")]
    public async Task FrameworkFiles_HaveTheirMimeType(string extension, string mediaType)
    {
        using var response = await client.GetAsync("/studio/_framework/" + FrameworkFile(extension));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CompressedSibling_RequestedDirectly_Is404()
    {
        using var response = await client.GetAsync("/studio/_framework/" + FrameworkFile(".wasm") + ".br");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Stylesheets_OfThePackageAreServed()
    {
        using var response = await client.GetAsync("/studio/_content/MudBlazor/MudBlazor.min.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    internal static string PackageFolder()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "PatientDocs.Server", "Studio", "node_modules", "@elsa-workflows", "elsa-studio-wasm");
        Assert.True(Directory.Exists(folder), $"The Studio package is not installed at {folder}; build PatientDocs.Server (it runs npm ci).");
        return folder;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientDocs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PatientDocs.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FrameworkFile(string extension) =>
        Directory.EnumerateFiles(Path.Combine(PackageFolder(), "_framework"), "*" + extension)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .First(name => File.Exists(Path.Combine(PackageFolder(), "_framework", name + ".br")))!;
}
