using System.Net;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Studio;

/// <summary>With a key set, Studio's pages and the files it boots from never carry the key; the package's static files need none.</summary>
public sealed class StudioAccessTests(ServerFactoryWithApiKey factory) : IClassFixture<ServerFactoryWithApiKey>
{
    private const string Key = ServerFactoryWithApiKey.ApiKey;

    [Theory]
    [InlineData("/studio", Credential.XApiKeyHeader)]
    [InlineData("/studio/index.html", Credential.AuthorizationHeader)]
    [InlineData("/studio/workflows/definitions/patient-documents/edit", Credential.SessionCookie)]
    [InlineData("/studio/sign-in", Credential.None)]
    [InlineData("/studio/sign-in?returnUrl=%2Fstudio%2Fworkflows%2Finstances", Credential.SessionCookie)]
    [InlineData("/studio/appsettings.json", Credential.None)]
    [InlineData("/studio/appsettings.json", Credential.SessionCookie)]
    public async Task PagesAndServedConfig_NeverContainTheKey(string path, Credential credential)
    {
        using var client = factory.CreatePlainClient();
        using var request = await new HttpRequestMessage(HttpMethod.Get, path).WithAsync(credential, client, Key);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Key, body, StringComparison.Ordinal);
        Assert.DoesNotContain("api-key", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("apiKey", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostPage_WithASession_OffersSignOut()
    {
        using var client = factory.CreatePlainClient();
        using var request = await new HttpRequestMessage(HttpMethod.Get, "/studio").WithAsync(Credential.SessionCookie, client, Key);

        using var response = await client.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<form id=\"pd-sign-out\" method=\"post\" action=\"sign-out\">", html, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("\"apiEndpoint\":\"/elsa/api\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_IsSelfContained_CannotBeFramed_AndPostsTheKeyToTheServerOnly()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/studio/sign-in");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<form method=\"post\" action=\"/studio/sign-in\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"key\" type=\"password\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("_framework", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/studio/_framework/blazor.webassembly.js")]
    [InlineData("/studio/_content/MudBlazor/MudBlazor.min.css")]
    public async Task PackageFiles_AreServedWithoutAKey(string path)
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
