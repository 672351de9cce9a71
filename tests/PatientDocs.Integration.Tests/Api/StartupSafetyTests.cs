using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Triggers;
using PatientDocs.Integration.Tests.Activities;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.PatientDocuments.Hosting;
using PatientDocs.Server.Hosting;
using PatientDocs.Server.Security;
using PatientDocs.Server.Triggers;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>What the server refuses at start, and where the in-process simulators are (not) mounted.</summary>
public sealed class StartupSafetyTests
{
    private const string DocumentExchangeBaseUrl = "PatientDocs:Services:DocumentExchange:BaseUrl=http://127.0.0.1:5100/sim/document-exchange/";
    private const string TaskTrackerBaseUrl = "PatientDocs:Services:TaskTracker:BaseUrl=http://127.0.0.1:5100/sim/task-tracker/";

    [Theory]
    [InlineData("Production", HttpStatusCode.NotFound)]
    [InlineData("Production", HttpStatusCode.NotFound, "PatientDocs:Simulators:InProcess=false")]
    [InlineData("Staging", HttpStatusCode.NotFound)]
    [InlineData("Development", HttpStatusCode.OK)]
    [InlineData("Development", HttpStatusCode.NotFound, "PatientDocs:Simulators:InProcess=false")]
    [InlineData("Development", HttpStatusCode.NotFound, DocumentExchangeBaseUrl, TaskTrackerBaseUrl)]
    [InlineData("Development", HttpStatusCode.NotFound, TaskTrackerBaseUrl)]
    [InlineData("Development", HttpStatusCode.OK, "PatientDocs:Simulators:InProcess=true", TaskTrackerBaseUrl)]
    [InlineData("Staging", HttpStatusCode.OK, "PatientDocs:Simulators:InProcess=true")]
    public async Task SimulatorControlRoutes_AreMountedOnlyInTheEmbeddedDefaultOrWhenAskedOutsideProduction(string environment, HttpStatusCode expected, params string[] settings)
    {
        using var factory = new ServerFactory();
        using var server = factory.WithWebHostBuilder(b => Apply(b.UseEnvironment(environment), settings));
        using var client = server.CreateClient();

        using var stats = await client.DeleteAsync("/sim/document-exchange/stats");
        using var outages = await client.GetAsync("/sim/task-tracker/outages");

        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.NoContent : expected, stats.StatusCode);
        Assert.Equal(expected, outages.StatusCode);
    }

    [Theory]
    [InlineData("PatientDocs:Simulators:InProcess", "Production environment", "environment=Production", "PatientDocs:Simulators:InProcess=true")]
    [InlineData("PatientDocs:Services:DocumentExchange:BaseUrl and PatientDocs:Services:TaskTracker:BaseUrl", "nothing would call", "PatientDocs:Simulators:InProcess=true", DocumentExchangeBaseUrl, TaskTrackerBaseUrl)]
    [InlineData("PatientDocs:ApiKey (environment variable PatientDocs__ApiKey)", "PatientDocs:AllowAnonymous=true", "urls=http://0.0.0.0:5000")]
    [InlineData("http://+:8080", "no API key is set", "urls=http://+:8080")]
    [InlineData("http://[::]:5000", "no API key is set", "urls=http://127.0.0.1:5000;http://[::]:5000")]
    [InlineData("http://pd.example:5000", "no API key is set", "urls=http://pd.example:5000")]
    [InlineData("http://*:5001", "no API key is set", "Kestrel:Endpoints:Public:Url=http://*:5001")]
    [InlineData("PatientDocs:AllowAnonymous=true contradicts PatientDocs:ApiKey", "Remove one", "PatientDocs:ApiKey=k", "PatientDocs:AllowAnonymous=true")]
    public void Start_WithAnUnsafeCombination_FailsWithAMessageSayingWhatToSet(string named, string explained, params string[] settings)
    {
        var validation = FailedStart.Of(() =>
        {
            var factory = new ServerFactory();
            return (factory, factory.WithWebHostBuilder(b => Apply(b, settings)));
        });

        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
        Assert.Contains(explained, validation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urls=http://0.0.0.0:5000", "PatientDocs:ApiKey=a-key")]
    [InlineData("urls=http://0.0.0.0:5000", "PatientDocs:AllowAnonymous=true")]
    [InlineData("urls=http://localhost:5000;http://[::1]:5001;http://127.0.0.2:5002")]
    public async Task Start_OnAnyAddressWithAKeyOrAnExplicitOptOut_OrOnLoopback_Succeeds(params string[] settings)
    {
        using var factory = new ServerFactory();
        using var server = factory.WithWebHostBuilder(b => Apply(b, settings));
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, null, false, true)]
    [InlineData("Development", null, false, true)]
    [InlineData("Production", null, false, false)]
    [InlineData("Production", true, false, false)]
    [InlineData("Staging", null, false, false)]
    [InlineData(null, null, true, false)]
    [InlineData(null, false, false, false)]
    [InlineData(null, true, true, true)]
    public void IsMounted_FollowsTheOptionTheEnvironmentAndTheBaseUrls(string? environment, bool? inProcess, bool baseUrlConfigured, bool mounted)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["environment"] = environment,
            [InProcessSimulators.OptionKey] = inProcess?.ToString(),
            ["PatientDocs:Services:TaskTracker:BaseUrl"] = baseUrlConfigured ? "http://tracker.example/" : null,
        }).Build();
        var host = new HostEnvironment(environment ?? Environments.Production);

        Assert.Equal(mounted, InProcessSimulators.IsMounted(configuration, host));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.10.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://unix:/tmp/pd.sock", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://10.0.0.5:5000", false)]
    [InlineData("https://pd.example", false)]
    [InlineData("not a url", false)]
    public void IsLoopback_AcceptsOnlyAddressesNoOtherMachineCanReach(string address, bool loopback)
    {
        Assert.Equal(loopback, ListenAddresses.IsLoopback(address));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("""{"typeName":"Boolean","expression":{"type":"Literal","value":false}}""", false)]
    [InlineData("""{"typeName":"Boolean","expression":{"type":"Literal","value":true}}""", true)]
    [InlineData("""{"typeName":"Boolean","expression":{"type":"Literal","value":"True"}}""", true)]
    [InlineData("""{"typeName":"Boolean","expression":{"type":"Literal","value":"false"}}""", false)]
    [InlineData("""{"typeName":"Boolean","expression":{"type":"Literal","value":""}}""", false)]
    [InlineData("""{"typeName":"Boolean","expression":{"type":"Literal","value":null}}""", false)]
    [InlineData("""{"typeName":"Boolean","expression":{"type":"Literal","value":"yes"}}""", true)]
    [InlineData("""{"typeName":"Boolean","expression":{"type":"JavaScript","value":"false"}}""", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void AuthorizeOf_IsTrueOnlyWhenTheEndpointAsks_OrCannotBeReadWithoutRunning(string? json, bool authorize)
    {
        Assert.Equal(authorize, HttpTriggerFinder.AuthorizeOf(json is null ? null : JsonNode.Parse(json)));
    }

    [Fact]
    public async Task SessionTicketStore_ForgetsASessionOnceItExpires()
    {
        var clock = new FakeTimeProvider();
        var store = new SessionTicketStore(clock);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(), new AuthenticationProperties { ExpiresUtc = clock.GetUtcNow().AddMinutes(10) }, "test");
        var id = await store.StoreAsync(ticket);
        Assert.Same(ticket, await store.RetrieveAsync(id));

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(await store.RetrieveAsync(id));
        Assert.Equal(0, store.Count);
    }

    /// <summary>Each <c>key=value</c> as host setting and app configuration, so it overrides the factory's own settings in both.</summary>
    private static IWebHostBuilder Apply(IWebHostBuilder builder, string[] settings)
    {
        var pairs = settings.ToDictionary(s => s[..s.IndexOf('=', StringComparison.Ordinal)], s => (string?)s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        foreach (var (key, value) in pairs)
        {
            builder.UseSetting(key, value);
        }

        return builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(pairs));
    }


    private sealed class HostEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "PatientDocs.Server";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
