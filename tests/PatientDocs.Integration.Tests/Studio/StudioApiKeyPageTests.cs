using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Studio;

public sealed class StudioApiKeyPageTests(ServerFactoryWithApiKey factory) : IClassFixture<ServerFactoryWithApiKey>
{
    [Fact]
    public async Task HostPage_WhenAnApiKeyIsConfigured_PassesItToTheElements()
    {
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/studio");

        Assert.Contains($"\"apiKey\":\"{ServerFactoryWithApiKey.ApiKey}\"", html, StringComparison.Ordinal);
        Assert.Contains("element.setAttribute(\"api-key\", config.apiKey)", html, StringComparison.Ordinal);
    }
}
