using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tests.Support;

namespace PatientDocs.Engine.Tests.Activities;

public sealed class DescriptorTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static TheoryData<string> BuiltIns() =>
    [
        "Elsa.Start", "Elsa.End", "Elsa.Finish", "Elsa.WriteLine", "Elsa.SetVariable", "Elsa.SetOutput", "Elsa.FlowDecision", "Elsa.FlowSwitch",
        "Elsa.FlowFork", "Elsa.FlowJoin", "Elsa.Delay", "Elsa.Event", "Elsa.Fault", "Elsa.Flowchart", "Elsa.FlowNode", "Elsa.ParallelForEach",
        "Elsa.HttpEndpoint", "Elsa.WriteHttpResponse", "Elsa.Cron", "Elsa.RunJavaScript", "Elsa.Correlate",
    ];

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Descriptor_OfEachBuiltIn_HasEveryContractField(string typeName)
    {
        var descriptor = new ActivityRegistry().ListDescriptors().Single(d => d.TypeName == typeName);
        var json = JsonSerializer.SerializeToNode(descriptor, Web)!.AsObject();

        string[] fields = ["typeName", "namespace", "name", "version", "category", "displayName", "description", "kind", "isContainer", "isBrowsable", "isStart", "isTerminal", "customProperties", "constructionProperties", "ports", "inputs", "outputs"];
        Assert.All(fields, f => Assert.True(json.ContainsKey(f), f));
        Assert.Equal(typeName, json["typeName"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, json["kind"]!.GetValueKind());
        foreach (var input in json["inputs"]!.AsArray())
        {
            string[] inputFields = ["name", "typeName", "displayName", "description", "order", "isBrowsable", "isSynthetic", "isWrapped", "uiHint", "category", "defaultValue", "defaultSyntax", "isReadOnly", "isSensitive", "storageDriverType", "uiSpecifications"];
            Assert.All(inputFields, f => Assert.True(input!.AsObject().ContainsKey(f), $"{typeName}.{input!["name"]}.{f}"));
        }
    }

    [Fact]
    public void WriteLine_Descriptor_MatchesTheContractShape()
    {
        var d = JsonSerializer.SerializeToNode(new ActivityRegistry().Find("Elsa.WriteLine")!.Descriptor, Web)!;

        Assert.Equal("Action", d["kind"]!.GetValue<string>());
        Assert.Equal("""[{"name":"Done","displayName":"Done","type":"Flow","isBrowsable":true}]""", d["ports"]!.ToJsonString());
        Assert.Equal("text", d["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("String", d["inputs"]![0]!["typeName"]!.GetValue<string>());
        Assert.True(d["inputs"]![0]!["isWrapped"]!.GetValue<bool>());
    }

    [Fact]
    public void FlowJoin_ModeInput_IsADropdownWithItems()
    {
        var d = JsonSerializer.SerializeToNode(new ActivityRegistry().Find("Elsa.FlowJoin")!.Descriptor, Web)!;

        var items = d["inputs"]![0]!["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray();
        Assert.Equal(["WaitAny", "WaitAll", "WaitAllActive"], items.Select(i => i!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void Flowchart_IsABrowsableContainer_AndEndIsTerminal()
    {
        var registry = new ActivityRegistry();
        Assert.True(registry.Find("Elsa.Flowchart")!.Descriptor is { IsContainer: true, IsBrowsable: true });
        Assert.True(registry.Find("Elsa.End")!.Descriptor is { IsTerminal: true, Ports.Count: 0 });
        Assert.True(registry.Find("Elsa.HttpEndpoint")!.Descriptor is { Kind: ActivityKind.Trigger, IsStart: true });
    }

    [Fact]
    public void DescribeUnknown_GivesAHiddenPlaceholderWithTheStoredTypeName()
    {
        var d = ActivityRegistry.DescribeUnknown("Acme.Gone");

        Assert.Equal(("Acme.Gone", "Acme", "Gone", false), (d.TypeName, d.Namespace, d.Name, d.IsBrowsable));
        Assert.Single(d.Ports);
    }

    [Fact]
    public void CreateTaskActivity_SetsInputsAndReadOutputsReturnsCamelCase()
    {
        var registry = new ActivityRegistry().Register<TestFetch>();
        var activity = (TestFetch)registry.CreateTaskActivity("Test.Fetch", new JsonObject { ["url"] = "u", ["size"] = "12" });
        activity.Body = "b";

        Assert.Equal(("u", 12), (activity.Url, activity.Size));
        Assert.Equal("""{"body":"b"}""", registry.ReadOutputs(activity).ToJsonString());
        Assert.Equal("""{"url":"u","size":12}""", registry.ReadInputs(activity).ToJsonString());
    }

    [Fact]
    public void AddWorkflowEngine_RegistersRegistryInterpreterValidatorAndClock()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Engine.EngineServiceCollectionExtensions.AddWorkflowEngine(services, r => r.Register<TestFetch>());

        var types = services.Select(s => s.ServiceType).ToList();
        Assert.Contains(typeof(ActivityRegistry), types);
        Assert.Contains(typeof(Engine.Execution.WorkflowInterpreter), types);
        Assert.Contains(typeof(Engine.Validation.WorkflowValidator), types);
        Assert.Contains(typeof(TimeProvider), types);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var registry = (ActivityRegistry)provider.GetService(typeof(ActivityRegistry))!;
        Assert.NotNull(registry.Find("Test.Fetch"));
    }

    [Fact]
    public void AddWorkflowActivities_BeforeOrAfterTheEngine_AddsAModulesActivitiesToTheRegistry()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Engine.EngineServiceCollectionExtensions.AddWorkflowActivities(services, r => r.Register<TestFetch>());
        Engine.EngineServiceCollectionExtensions.AddWorkflowEngine(services);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var registry = (ActivityRegistry)provider.GetService(typeof(ActivityRegistry))!;

        Assert.NotNull(registry.Find("Test.Fetch"));
        Assert.NotNull(registry.Find("Elsa.WriteLine"));
    }
}
