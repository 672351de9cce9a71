using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

public sealed class HostingTests
{
    [Fact]
    public async Task Health_WhenTheStoreFails_Returns503()
    {
        using var factory = new ServerFactory();
        using var failing = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("PatientDocs:RunWorkers", "false");
            b.ConfigureTestServices(services => services.AddSingleton(FailingHealthStore.Wrap(new InMemoryWorkflowStore())));
        });
        using var client = failing.CreateClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("Simulated", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PatientDocs:Store:Provider", "PostgreSql", "PatientDocs:Store:ConnectionString")]
    [InlineData("PatientDocs:DataFolder", " ", "PatientDocs:DataFolder")]
    [InlineData("PatientDocs:Patients:SeedCount", "-1", "PatientDocs:Patients:SeedCount")]
    public void Start_WithInvalidOptions_FailsWithAMessageNamingTheSetting(string key, string value, string named)
    {
        var validation = FailedStart.Of(() =>
        {
            var invalid = new ServerFactory { Overrides = { [key] = value } };
            return (invalid, invalid);
        });

        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:5000/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:5100;http://127.0.0.1:6000", "http://127.0.0.1:5100/")]
    [InlineData("http://localhost:5077/", "http://127.0.0.1:5077/")]
    public void SelfUrl_ForTheInProcessSimulators_IsTheFirstListenAddressOnLoopback(string? urls, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls })
            .Build();

        Assert.Equal(expected, PatientDocs.PatientDocuments.Hosting.InProcessSimulators.SelfUrl(configuration));
    }

}

/// <summary>A store whose cheap health query fails; everything else goes to the wrapped store.</summary>
public class FailingHealthStore : DispatchProxy
{
    private IWorkflowStore _inner = null!;

    public static IWorkflowStore Wrap(IWorkflowStore inner)
    {
        var proxy = Create<IWorkflowStore, FailingHealthStore>();
        ((FailingHealthStore)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod!.Name == nameof(IWorkflowStore.NextWorkItemAtAsync)
            ? Task.FromException<DateTimeOffset?>(new InvalidOperationException("Simulated store failure"))
            : targetMethod.Invoke(_inner, args);
}
