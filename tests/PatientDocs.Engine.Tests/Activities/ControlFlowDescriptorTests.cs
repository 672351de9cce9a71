using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PatientDocs.Engine.Activities;

namespace PatientDocs.Engine.Tests.Activities;

/// <summary>The structured activities describe themselves as Elsa's do, so Studio's toolbox and property panels show them alike.</summary>
public sealed class ControlFlowDescriptorTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static TheoryData<string> ControlFlow() =>
        ["Elsa.Sequence", "Elsa.If", "Elsa.Switch", "Elsa.ForEach", "Elsa.While", "Elsa.For", "Elsa.Break", "Elsa.Fork", "Elsa.Parallel", "Elsa.Timer"];

    private static JsonNode Describe(string typeName) => JsonSerializer.SerializeToNode(new ActivityRegistry().Find(typeName)!.Descriptor, Web)!;

    [Theory]
    [MemberData(nameof(ControlFlow))]
    public void Descriptor_OfEachControlFlowActivity_HasEveryContractField(string typeName) =>
        new DescriptorTests().Descriptor_OfEachBuiltIn_HasEveryContractField(typeName);

    [Theory]
    [InlineData("Elsa.Sequence", "Workflows", "Sequence", true, false)]
    [InlineData("Elsa.Parallel", "Workflows", "Parallel", true, false)]
    [InlineData("Elsa.If", "Branching", "If", false, true)]
    [InlineData("Elsa.Switch", "Branching", "Switch", false, true)]
    [InlineData("Elsa.ForEach", "Looping", "For Each", false, true)]
    [InlineData("Elsa.While", "Looping", "While", false, true)]
    [InlineData("Elsa.For", "Looping", "For", false, true)]
    [InlineData("Elsa.Break", "Looping", "Break", false, true)]
    [InlineData("Elsa.Fork", "Control Flow", "Fork", false, false)]
    [InlineData("Elsa.Timer", "Scheduling", "Timer", false, true)]
    public void Descriptor_HasElsasCategoryNameAndVisibility(string typeName, string category, string displayName, bool isContainer, bool isBrowsable)
    {
        var d = new ActivityRegistry().Find(typeName)!.Descriptor;

        Assert.Equal((category, displayName, isContainer, isBrowsable), (d.Category, d.DisplayName, d.IsContainer, d.IsBrowsable));
    }

    [Fact]
    public void If_HasEmbeddedThenAndElsePorts_ABooleanConditionAndResult()
    {
        var d = Describe("Elsa.If");

        Assert.Equal(
            """[{"name":"Then","displayName":"Then","type":"Embedded","isBrowsable":true},{"name":"Else","displayName":"Else","type":"Embedded","isBrowsable":true},{"name":"Done","displayName":"Done","type":"Flow","isBrowsable":true}]""",
            d["ports"]!.ToJsonString());
        Assert.Equal(("condition", "Boolean", "singleline"), (d["inputs"]![0]!["name"]!.GetValue<string>(), d["inputs"]![0]!["typeName"]!.GetValue<string>(), d["inputs"]![0]!["uiHint"]!.GetValue<string>()));
        Assert.Equal(("result", "Boolean"), (d["outputs"]![0]!["name"]!.GetValue<string>(), d["outputs"]![0]!["typeName"]!.GetValue<string>()));
    }

    [Fact]
    public void ForEach_HasABodyPortItemsAndCurrentValue()
    {
        var d = Describe("Elsa.ForEach");

        Assert.Equal(["Body", "Done"], d["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("items", d["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("currentValue", Assert.Single(d["outputs"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public void For_DeclaresElsasDefaults()
    {
        var inputs = Describe("Elsa.For")["inputs"]!.AsArray().ToDictionary(i => i!["name"]!.GetValue<string>(), i => i!["defaultValue"]?.ToJsonString());

        Assert.Equal(new Dictionary<string, string?> { ["start"] = "0", ["end"] = "0", ["step"] = "1", ["outerBoundInclusive"] = "true" }, inputs);
    }

    [Fact]
    public void Fork_JoinMode_IsAnUnwrappedDropdownOfWaitAllAndWaitAny()
    {
        var input = Describe("Elsa.Fork")["inputs"]![0]!;

        Assert.Equal(("joinMode", false, "WaitAll"), (input["name"]!.GetValue<string>(), input["isWrapped"]!.GetValue<bool>(), input["defaultValue"]!.GetValue<string>()));
        Assert.Equal(["WaitAll", "WaitAny"], input["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void Switch_HasADefaultPort_CasesInTheSwitchEditorAndAModeDropdown()
    {
        var d = Describe("Elsa.Switch");

        Assert.Equal(["Default", "Done"], d["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(("cases", "switch-editor"), (d["inputs"]![0]!["name"]!.GetValue<string>(), d["inputs"]![0]!["uiHint"]!.GetValue<string>()));
        Assert.Equal(("mode", "MatchFirst"), (d["inputs"]![1]!["name"]!.GetValue<string>(), d["inputs"]![1]!["defaultValue"]!.GetValue<string>()));
    }

    [Fact]
    public void Break_IsTerminal_AndTimerIsATrigger()
    {
        var registry = new ActivityRegistry();

        Assert.True(registry.Find("Elsa.Break")!.Descriptor is { IsTerminal: true, Ports.Count: 0 });
        Assert.True(registry.Find("Elsa.Timer")!.Descriptor is { Kind: ActivityKind.Trigger, IsStart: true });
    }
}
