using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PatientDocs.Engine.Activities;

namespace PatientDocs.Engine.Tests.Activities;

/// <summary>The HTTP activities' inputs as Studio's property panel needs them: every list input carries its items.</summary>
public sealed class HttpDescriptorTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static JsonNode Input(string typeName, string name) =>
        JsonSerializer.SerializeToNode(new ActivityRegistry().Find(typeName)!.Descriptor, Web)!["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == name)!;

    private static List<string> Values(JsonNode list) => list["items"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()).ToList();

    [Fact]
    public void HttpEndpoint_SupportedMethods_IsAChecklistOfTheMethods()
    {
        var input = Input("Elsa.HttpEndpoint", "supportedMethods");

        Assert.Equal("checklist", input["uiHint"]!.GetValue<string>());
        Assert.Equal(["GET", "POST", "PUT", "HEAD", "DELETE"], Values(input["uiSpecifications"]!["checklist"]!["checkList"]!));
    }

    [Fact]
    public void WriteHttpResponse_StatusCode_IsADropdownOfStatusNamesStartingWithOk()
    {
        var input = Input("Elsa.WriteHttpResponse", "statusCode");

        var values = Values(input["uiSpecifications"]!["dropdown"]!["selectList"]!);
        Assert.Equal("OK", values[0]);
        Assert.Contains("NotFound", values);
        Assert.All(values, v => Assert.True(Enum.TryParse<System.Net.HttpStatusCode>(v, out _), v));
    }

    [Theory]
    [InlineData("Elsa.WriteHttpResponse")]
    [InlineData("Elsa.SendHttpRequest")]
    [InlineData("Elsa.FlowSendHttpRequest")]
    public void ContentType_IsADropdownOfferingJsonAndText(string typeName)
    {
        var values = Values(Input(typeName, "contentType")["uiSpecifications"]!["dropdown"]!["selectList"]!);

        Assert.Contains("application/json", values);
        Assert.Contains("text/plain", values);
    }

    [Fact]
    public void FlowSendHttpRequest_Ports_AreElsasFlowOutcomes()
    {
        var ports = new ActivityRegistry().Find("Elsa.FlowSendHttpRequest")!.Descriptor.Ports.Select(p => (p.Name, p.Type)).ToList();

        Assert.Equal([("Done", "Flow"), ("Unmatched status code", "Flow"), ("Failed to connect", "Flow"), ("Timeout", "Flow")], ports);
    }

    [Fact]
    public void SendHttpRequest_FailureSlots_AreEmbeddedPortsNamedAsElsasPortProperties()
    {
        var ports = new ActivityRegistry().Find("Elsa.SendHttpRequest")!.Descriptor.Ports.Select(p => (p.Name, p.Type)).ToList();

        Assert.Equal([("FailedToConnect", "Embedded"), ("Timeout", "Embedded"), ("Done", "Flow"), ("Unmatched status code", "Flow")], ports);
    }
}
