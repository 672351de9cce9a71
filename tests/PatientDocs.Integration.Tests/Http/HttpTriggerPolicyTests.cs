using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Definitions;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Server.Definitions;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>An HTTP trigger marked <c>authorize</c> with a <c>policy</c>: the request must satisfy that host-registered policy.</summary>
public sealed class HttpTriggerPolicyTests : IClassFixture<TriggerPolicyServer>
{
    private readonly TriggerPolicyServer _factory;
    private readonly HttpClient _client;

    public HttpTriggerPolicyTests(TriggerPolicyServer factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
        _client.DefaultRequestHeaders.Add("X-Api-Key", TriggerPolicyServer.ApiKey);
    }

    [Fact]
    public async Task Trigger_WhosePolicyTheRequestSatisfies_StartsTheWorkflow()
    {
        await _client.SaveAsync(Guarded("policy-allowed", TriggerPolicyServer.KeyHolders), publish: true);

        using var response = await _client.PostAsync("/workflows/policy/allowed", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Trigger_WhosePolicyTheRequestFails_Answers403ProblemNamingThePolicy()
    {
        await _client.SaveAsync(Guarded("policy-denied", TriggerPolicyServer.Admins), publish: true);

        using var response = await _client.PostAsync("/workflows/policy/denied", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadObjectAsync();
        Assert.Equal(TriggerPolicyServer.Admins, problem.Str("policy"));
        Assert.Contains($"'{TriggerPolicyServer.Admins}'", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_WithoutTheKey_IsStillChallengedBeforeItsPolicy()
    {
        await _client.SaveAsync(Guarded("policy-nokey", TriggerPolicyServer.KeyHolders), publish: true);
        using var anonymous = _factory.CreateClient();

        using var response = await anonymous.PostAsync("/workflows/policy/nokey", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Publish_OfATriggerWithAPolicyTheHostDoesNotKnow_Is400NamingTheActivityAndPolicy()
    {
        using var response = await _client.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = Guarded("policy-ghost", "ghost"), ["publish"] = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        var message = Assert.Single(errors["http1"]!.AsArray())!.GetValue<string>();
        Assert.Equal("Input 'policy': no authorization policy named 'ghost' is registered on this server.", message);
    }

    [Fact]
    public async Task Trigger_ImportedWithAPolicyTheHostDoesNotKnow_Answers403NamingIt_NotA500()
    {
        // A workflows-folder import is not validated on publish: the host may no longer register a policy it once had.
        var model = Guarded("policy-imported", "retired");
        var manager = _factory.Services.GetRequiredService<WorkflowDefinitionManager>();
        await manager.ImportAsync(new WorkflowDefinition(model), CancellationToken.None);

        using var response = await _client.PostAsync("/workflows/policy/imported", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.Equal("retired", problem.Str("policy"));
        Assert.Contains("not registered on this server", problem.Str("detail"), StringComparison.Ordinal);
    }

    private static JsonObject Guarded(string definitionId, string policy)
    {
        var endpoint = ApiJson.HttpEndpoint("http1", "/policy/" + definitionId["policy-".Length..], authorize: true);
        endpoint["policy"] = ApiJson.Literal(policy);
        return ApiJson.Flow(definitionId, endpoint, ApiJson.WriteLine("w1", "started"));
    }
}
