using System.Net;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>Without a key (a loopback server), every route answers without credentials and there is nothing to sign in to.</summary>
public sealed class AnonymousAccessTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Theory]
    [InlineData("/elsa/api/workflow-definitions")]
    [InlineData("/api/patient-documents/stats")]
    [InlineData("/sim/task-tracker/stats")]
    [InlineData("/studio")]
    public async Task Route_WithoutAKeyConfigured_NeedsNoCredentials(string path)
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TriggerMarkedAuthorize_WithoutAKeyConfigured_Starts()
    {
        using var client = factory.CreatePlainClient();
        await client.SaveAsync(ApiJson.Flow("anonymous-closed", ApiJson.HttpEndpoint("http1", "/anonymous/closed", authorize: true), ApiJson.WriteLine("w1", "started")), publish: true);

        using var response = await client.PostAsync("/workflows/anonymous/closed", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task SignInPage_WithoutAKeyConfigured_LeadsStraightToStudio()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/studio/sign-in?returnUrl=%2Fstudio%2Fworkflows%2Finstances");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/studio/workflows/instances", response.Headers.Location!.OriginalString);
    }
}
