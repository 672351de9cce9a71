using System.Net;
using System.Net.Http.Headers;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

public sealed class ApiKeyTests(ServerFactoryWithApiKey factory) : IClassFixture<ServerFactoryWithApiKey>
{
    [Fact]
    public async Task ElsaApi_WithoutKey_Returns401ProblemDetails()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/elsa/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ElsaApi_WithWrongKey_Returns401()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "wrong");

        using var response = await client.GetAsync("/elsa/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ElsaApi_WithBearerInsteadOfApiKey_Returns401()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFactoryWithApiKey.ApiKey);

        using var response = await client.GetAsync("/elsa/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ElsaApi_WithKey_Returns200()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ServerFactoryWithApiKey.ApiKey);

        using var response = await client.GetAsync("/elsa/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_NeedsNoKey()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
