using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

public sealed class ApiReferenceTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory _factory;

    public ApiReferenceTests(ServerFactory factory) => _factory = factory;

    [Fact]
    public async Task OpenApiDocument_DescribesEveryMappedRoute()
    {
        using var client = _factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var documented = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var mapped = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.StartsWith("/openapi", StringComparison.Ordinal) && !p.StartsWith("/api-docs", StringComparison.Ordinal))
            // Catch-all routes (Studio's files, HTTP triggers) are documented under their pattern without the catch-all marker.
            .Select(p => Regex.Replace(p.Replace("{**", "{", StringComparison.Ordinal).Replace("{*", "{", StringComparison.Ordinal), "{([^}:?=]+)[^}]*}", "{$1}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/elsa/api/workflow-instances/{id}/retry", documented);
        Assert.Empty(mapped.Except(documented));
    }

    [Fact]
    public async Task ApiDocsPage_IsServed()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/api-docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>PatientDocs API</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
