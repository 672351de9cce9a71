using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Server.Security;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>
/// With <c>PatientDocs:ApiKey</c> set, each route group against each way of presenting (or not presenting) the key; the
/// open routes (health, an HTTP trigger not marked <c>authorize</c>) answer everyone.
/// </summary>
public sealed class ServerAccessTests(ServerFactoryWithApiKey factory) : IClassFixture<ServerFactoryWithApiKey>, IAsyncLifetime
{
    private const string Key = ServerFactoryWithApiKey.ApiKey;

    private static readonly Dictionary<string, Route> Protected = new()
    {
        ["elsa-api"] = new(HttpMethod.Get, "/elsa/api/workflow-definitions", null, HttpStatusCode.OK),
        ["bulk-runs"] = new(HttpMethod.Post, "/api/patient-documents/runs", """{"patientIds":[]}""", HttpStatusCode.BadRequest),
        ["activity-log"] = new(HttpMethod.Get, "/api/activity-log?instanceId=no-such-instance", null, HttpStatusCode.NotFound),
        ["patient-documents-stats"] = new(HttpMethod.Get, "/api/patient-documents/stats", null, HttpStatusCode.OK),
        ["trigger-with-authorize"] = new(HttpMethod.Post, "/workflows/access/closed", "{}", HttpStatusCode.Accepted),
        ["sim-stats-reset"] = new(HttpMethod.Delete, "/sim/task-tracker/stats", null, HttpStatusCode.NoContent),
        ["sim-outages"] = new(HttpMethod.Delete, "/sim/document-exchange/outages", null, HttpStatusCode.OK),
        ["sim-service"] = new(HttpMethod.Get, "/sim/task-tracker/items", null, HttpStatusCode.OK),
        ["studio-host-page"] = new(HttpMethod.Get, "/studio/workflows/instances", null, HttpStatusCode.OK),
        ["ops-page"] = new(HttpMethod.Get, "/ops", null, HttpStatusCode.OK),
        ["ops-chart-library"] = new(HttpMethod.Get, "/ops/chart.umd.min.js", null, HttpStatusCode.OK),
        ["ops-snapshot"] = new(HttpMethod.Get, "/api/ops/snapshot", null, HttpStatusCode.OK),
        ["instance-eta"] = new(HttpMethod.Get, "/api/workflow-instances/no-such-instance/eta", null, HttpStatusCode.NotFound),
        ["openapi-document"] = new(HttpMethod.Get, "/openapi/v1.json", null, HttpStatusCode.OK),
        ["api-reference-page"] = new(HttpMethod.Get, "/api-docs/", null, HttpStatusCode.OK),
        ["metrics"] = new(HttpMethod.Get, "/metrics", null, HttpStatusCode.OK),
    };

    private static readonly Dictionary<string, Route> Open = new()
    {
        ["health"] = new(HttpMethod.Get, "/health", null, HttpStatusCode.OK),
        ["health-live"] = new(HttpMethod.Get, "/health/live", null, HttpStatusCode.OK),
        ["trigger-without-authorize"] = new(HttpMethod.Post, "/workflows/access/open", "{}", HttpStatusCode.Accepted),
        ["trigger-with-authorize-false"] = new(HttpMethod.Post, "/workflows/access/open-explicitly", "{}", HttpStatusCode.Accepted),
    };

    public static TheoryData<string, Credential> ProtectedCases() => Cases(Protected.Keys);

    public static TheoryData<string, Credential> OpenCases() => Cases(Open.Keys);

    public async Task InitializeAsync()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        foreach (var (id, path, authorize) in new[] { ("access-open", "/access/open", (bool?)null), ("access-open-explicitly", "/access/open-explicitly", false), ("access-closed", "/access/closed", true) })
        {
            using var existing = await client.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{id}?versionOptions=Published");
            if (existing.StatusCode == HttpStatusCode.NotFound)
            {
                await client.SaveAsync(ApiJson.Flow(id, ApiJson.HttpEndpoint("http1", path, authorize), ApiJson.WriteLine("w1", "started")), publish: true);
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(ProtectedCases))]
    public async Task ProtectedRoute_AnswersOnlyTheKeyOrASession(string route, Credential credential)
    {
        using var client = factory.CreatePlainClient();
        using var request = await Protected[route].Request().WithAsync(credential, client, Key);

        using var response = await client.SendAsync(request);

        var expected = credential.IsAllowed() ? Protected[route].Allowed
            : route is "studio-host-page" or "ops-page" or "ops-chart-library" && credential == Credential.None ? HttpStatusCode.Found
            : HttpStatusCode.Unauthorized;
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(OpenCases))]
    public async Task OpenRoute_AnswersEveryone(string route, Credential credential)
    {
        using var client = factory.CreatePlainClient();
        using var request = await Open[route].Request().WithAsync(credential, client, Key);

        using var response = await client.SendAsync(request);

        Assert.Equal(Open[route].Allowed, response.StatusCode);
    }

    [Fact]
    public async Task StudioHostPage_WithoutASession_RedirectsToSignInWithTheReturnUrl()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/studio/workflows/instances");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/studio/sign-in", response.Headers.Location!.AbsolutePath);
        Assert.Equal("?returnUrl=%2Fstudio%2Fworkflows%2Finstances", response.Headers.Location.Query);
    }

    [Fact]
    public async Task OpsPage_WithoutASession_RedirectsToSignInAndBackToTheOpsPage()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/ops");
        using var signIn = await AccessRequests.PostSignInAsync(client, Key, "/ops?pageSize=50");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/studio/sign-in", response.Headers.Location!.AbsolutePath);
        Assert.Equal("?returnUrl=%2Fops", response.Headers.Location.Query);
        Assert.Equal("/ops?pageSize=50", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SessionCookie_AfterSignOut_IsRefusedEvenWhenReplayed()
    {
        using var client = factory.CreatePlainClient();
        var cookie = await AccessRequests.SignInAsync(client, Key);
        using (var signedIn = await SendWithCookieAsync(client, HttpMethod.Get, "/elsa/api/workflow-definitions", cookie))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        using var signOut = await SendWithCookieAsync(client, HttpMethod.Post, "/studio/sign-out", cookie);
        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal("/studio/sign-in", signOut.Headers.Location!.OriginalString);
        Assert.Contains("expires=Thu, 01 Jan 1970", AccessRequests.SetCookieHeader(signOut), StringComparison.OrdinalIgnoreCase);

        // The browser drops the cookie; a copy of it must not work either, because the session itself is gone.
        using var replayed = await SendWithCookieAsync(client, HttpMethod.Get, "/elsa/api/workflow-definitions", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        using var page = await SendWithCookieAsync(client, HttpMethod.Get, "/studio", cookie);
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
    }

    [Fact]
    public async Task SignIn_SetsAnHttpOnlySameSiteStrictCookie_ThatDoesNotContainTheKey()
    {
        using var client = factory.CreatePlainClient();

        using var response = await AccessRequests.PostSignInAsync(client, Key, "/studio/workflows/instances");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/studio/workflows/instances", response.Headers.Location!.OriginalString);
        var setCookie = AccessRequests.SetCookieHeader(response)!;
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, setCookie, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)).TrimEnd('='), setCookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong-key", HttpStatusCode.Unauthorized, "That key is not the server&#39;s API key.")]
    [InlineData("", HttpStatusCode.BadRequest, "Enter the API key.")]
    public async Task SignIn_WithAWrongOrEmptyKey_ShowsThePageAgainWithAnErrorAndSetsNoCookie(string key, HttpStatusCode status, string error)
    {
        using var client = factory.CreatePlainClient();

        using var response = await AccessRequests.PostSignInAsync(client, key, "/studio/workflows/instances");

        Assert.Equal(status, response.StatusCode);
        Assert.Null(AccessRequests.SessionCookie(response));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(error, html, StringComparison.Ordinal);
        Assert.Contains("value=\"/studio/workflows/instances\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/studio", "/studio/")]
    [InlineData("https://evil.example/studio", "/studio/")]
    [InlineData("/\\evil.example", "/studio/")]
    [InlineData("/elsa/api/workflow-definitions", "/studio/")]
    [InlineData("/studio/sign-in", "/studio/")]
    [InlineData("/studio-other", "/studio/")]
    [InlineData("/studio/workflows/definitions/a/edit?x=1", "/studio/workflows/definitions/a/edit?x=1")]
    public async Task SignIn_RedirectsOnlyToAStudioPage(string returnUrl, string expected)
    {
        using var client = factory.CreatePlainClient();

        using var response = await AccessRequests.PostSignInAsync(client, Key, returnUrl);

        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public void EveryRoute_RequiresAccess_ExceptHealthSignInAndTheHttpTriggers()
    {
        using var client = factory.CreateClient();
        var open = new[] { "/health", "/health/live", "/studio/sign-in", "/studio/sign-out", "/workflows/{**path}" };

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: "/" + e.RoutePattern.RawText!.TrimStart('/'), Policies: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList()))
            .ToList();

        Assert.Contains(routes, r => r.Pattern.StartsWith("/sim/", StringComparison.Ordinal));
        var unprotected = routes.Where(r => !r.Policies.Contains(ServerAccess.PolicyName)).Select(r => r.Pattern).Distinct().Order().ToList();
        Assert.Equal(open.Order(), unprotected);
    }

    private static TheoryData<string, Credential> Cases(IEnumerable<string> routes)
    {
        var data = new TheoryData<string, Credential>();
        foreach (var route in routes)
        {
            foreach (var credential in Enum.GetValues<Credential>())
            {
                data.Add(route, credential);
            }
        }

        return data;
    }

    private static Task<HttpResponseMessage> SendWithCookieAsync(HttpClient client, HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    private sealed record Route(HttpMethod Method, string Path, string? Body, HttpStatusCode Allowed)
    {
        public HttpRequestMessage Request() => new(Method, Path)
        {
            Content = Body is null ? null : new StringContent(Body, Encoding.UTF8, "application/json"),
        };
    }
}
