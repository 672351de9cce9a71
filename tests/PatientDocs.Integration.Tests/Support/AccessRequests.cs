using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>Requests with a chosen <see cref="Credential"/>, and Studio's sign-in done the way a browser does it.</summary>
public static class AccessRequests
{
    public const string SessionCookieName = "PatientDocs.Session";

    /// <summary>A client that shows redirects and keeps no cookies of its own, so each test says what it sends.</summary>
    public static HttpClient CreatePlainClient<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public static bool IsAllowed(this Credential credential) =>
        credential is Credential.AuthorizationHeader or Credential.XApiKeyHeader or Credential.SessionCookie;

    /// <summary>Adds the credential's header; a session cookie is signed in for first.</summary>
    public static async Task<HttpRequestMessage> WithAsync(this HttpRequestMessage request, Credential credential, HttpClient client, string key)
    {
        switch (credential)
        {
            case Credential.WrongAuthorizationHeader:
                request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key + "-wrong");
                break;
            case Credential.WrongXApiKeyHeader:
                request.Headers.Add("X-Api-Key", key + "-wrong");
                break;
            case Credential.AuthorizationHeader:
                request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
                break;
            case Credential.XApiKeyHeader:
                request.Headers.Add("X-Api-Key", key);
                break;
            case Credential.SessionCookie:
                request.Headers.Add("Cookie", await SignInAsync(client, key));
                break;
        }

        return request;
    }

    /// <summary>Posts the sign-in form and returns the session cookie as a <c>Cookie</c> header value.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string key, string returnUrl = "/studio/")
    {
        using var response = await PostSignInAsync(client, key, returnUrl);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return SessionCookie(response) ?? throw new InvalidOperationException("Signing in set no session cookie.");
    }

    public static Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string key, string returnUrl = "/studio/") =>
        client.PostAsync("/studio/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = returnUrl }));

    /// <summary>The <c>name=value</c> of the session cookie the response sets, or null.</summary>
    public static string? SessionCookie(HttpResponseMessage response) =>
        SetCookieHeader(response)?.Split(';', 2)[0];

    public static string? SetCookieHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(SessionCookieName + "=", StringComparison.Ordinal))
            : null;
}
