using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Runtime;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Children;

/// <summary>
/// Workflows used as activities pass values as Elsa's do: the node's inputs reach the body as its workflow input, the body's
/// outputs become the activity's outputs in the parent, and every use keeps its own values.
/// </summary>
public abstract class DefinitionActivityIoTests : OnEachStore
{
    /// <summary>A definition marked usable as an activity, with declared inputs and outputs (name, type) as Studio's Input/output tab writes them.</summary>
    private static WorkflowDefinition Usable(string id, (string Name, string Type)[] inputs, (string Name, string Type)[] outputs, JsonObject root, params (string Name, string Type)[] variables)
    {
        var definition = Named(id, root);
        definition.Json["name"] = id;
        definition.Json["options"] = new JsonObject { ["usableAsActivity"] = true };
        definition.Json["inputs"] = Declared(inputs);
        definition.Json["outputs"] = Declared(outputs);
        definition.Json["variables"] = new JsonArray(variables.Select(v => (JsonNode)new JsonObject { ["id"] = "id-" + v.Name, ["name"] = v.Name, ["typeName"] = v.Type }).ToArray());
        return definition;
    }

    private static JsonArray Declared((string Name, string Type)[] items) =>
        new(items.Select(i => (JsonNode)new JsonObject { ["name"] = i.Name, ["type"] = i.Type, ["displayName"] = i.Name, ["uiHint"] = "singleline" }).ToArray());

    /// <summary>A node of the parent that uses definition <paramref name="definitionId"/>, as Studio stores it.</summary>
    private static JsonObject Use(string id, string definitionId, params (string Name, JsonNode? Value)[] properties) =>
        A(id, definitionId, [("workflowDefinitionId", definitionId), .. properties]);

    private static JsonObject Typed(string typeName, string literal) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = literal } };

    /// <summary>Elsa's Sum: inputs A and B (Int32), output Result set by SetOutput.</summary>
    private static WorkflowDefinition Sum() => Usable("sum", [("A", "Int32"), ("B", "Int32")], [("Result", "Int32")],
        Seq("s", A("set", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Js("getA() + getB()")))));

    private async Task<(RuntimeHarness Harness, InstanceRecord Instance)> RunAsync(WorkflowDefinition parent, JsonObject? input, params WorkflowDefinition[] used)
    {
        var harness = new RuntimeHarness(Store);
        foreach (var definition in used)
        {
            await harness.PublishAsync(definition);
        }

        await harness.PublishAsync(parent);
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = parent.DefinitionId, Input = input });
        await harness.DriveAsync();
        var instance = await harness.InstanceAsync(started!.Id);
        Assert.True(instance.IncidentCount == 0, JsonNode.Parse(instance.State)!["incidents"]?.ToJsonString());
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        return (harness, instance);
    }

    [StoreFact]
    public async Task Inputs_EvaluatedInTheParent_AreTheBodysWorkflowInput_AndTheParentsOwnInputStays()
    {
        var echo = Usable("echo", [("Greeting", "String"), ("Count", "Int32")], [],
            Seq("s", WriteLine("body", "")), []);
        echo.Root!["activities"]![0]!["text"] = Js("`${getInput('Greeting')}|${input.Count + 1}|${getCount()}`");
        var parent = Named("parent", Seq("p",
            Use("echo1", "echo", ("greeting", Js("getInput('Greeting') + '!'")), ("count", Typed("Int32", "4"))),
            A("after", "Elsa.WriteLine", ("text", Js("getInput('Greeting') + '|' + getInput('Count')")))));

        var (harness, instance) = await RunAsync(parent, new JsonObject { ["Greeting"] = "hello" }, echo);

        Assert.Equal(["hello!|5|4", "hello|null"], harness.LinesOf(instance.Id));
        Assert.Equal("{\"Greeting\":\"hello\"}", JsonNode.Parse(instance.State)!["input"]!.ToJsonString());
    }

    [StoreFact]
    public async Task Outputs_SetInTheBody_AreTheActivitysOutputsInTheParent_NotTheWorkflows()
    {
        var parent = Root(Seq("p",
            Use("sum1", "sum", ("a", Typed("Int32", "4")), ("b", Typed("Int32", "5")), ("result", Out("TheSum"))),
            A("show", "Elsa.WriteLine", ("text", Js("`${getTheSum()}|${getLastResult()}|${getOutputFrom('sum1', 'Result')}`")))),
            ("TheSum", "Int32", null));
        parent.DefinitionId = "calculator";

        var (harness, instance) = await RunAsync(parent, null, Sum());

        Assert.Equal(["9|9|9"], harness.LinesOf(instance.Id));
        var state = JsonNode.Parse(instance.State)!;
        Assert.Equal("{\"result\":9}", state["activityOutputs"]!["sum1"]!.ToJsonString());
        Assert.Equal("{}", state["output"]!.ToJsonString());
    }

    [StoreFact]
    public async Task Outputs_BoundInTheBodyToTheOutputsName_ReachTheParent()
    {
        // Elsa's calculator: the body's RunJavaScript writes its result straight to the output Result.
        var sum = Usable("sum", [("A", "Int32"), ("B", "Int32")], [("Result", "Int32")],
            Seq("s", A("js", "Elsa.RunJavaScript", ("script", Lit("getA() + getB()")), ("result", Out("Result")))));
        var parent = Root(Seq("p",
            Use("sum1", "sum", ("a", Typed("Int32", "4")), ("b", Typed("Int32", "5")), ("result", Out("TheSum"))),
            A("show", "Elsa.WriteLine", ("text", Js("`Result: ${getTheSum()}`")))),
            ("TheSum", "Int32", null));
        parent.DefinitionId = "calculator";

        var (harness, instance) = await RunAsync(parent, null, sum);

        Assert.Equal(["Result: 9"], harness.LinesOf(instance.Id));
    }

    [StoreFact]
    public async Task UsedTwiceInOneParent_EachUseKeepsItsOwnInputsOutputsAndVariables()
    {
        var counter = Usable("counter", [("Start", "Int32")], [("Result", "Int32")],
            Seq("s",
                A("init", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "id-Seen", ["name"] = "Seen" }), ("value", Js("(getSeen() ?? 0) + getInput('Start')"))),
                A("set", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Js("getSeen() * 10")))),
            ("Seen", "Int32"));
        var parent = Root(Seq("p",
            Use("first", "counter", ("start", Typed("Int32", "1")), ("result", Out("X"))),
            Use("second", "counter", ("start", Typed("Int32", "2")), ("result", Out("Y"))),
            A("show", "Elsa.WriteLine", ("text", Js("`${getX()}|${getY()}|${getOutputFrom('first')}|${getOutputFrom('second')}`")))),
            ("X", "Int32", null), ("Y", "Int32", null));
        parent.DefinitionId = "twice";

        var (harness, instance) = await RunAsync(parent, null, counter);

        Assert.Equal(["10|20|10|20"], harness.LinesOf(instance.Id));
        Assert.Null(JsonNode.Parse(instance.State)!["variables"]!["Seen"]);
    }

    [StoreFact]
    public async Task NestedUse_TheInnerSetOutputSetsTheInnerUse_AndTheOuterSeesItsOwnInputs()
    {
        // Quad uses Sum on its own input twice over; Sum's SetOutput of Result must not set Quad's Result.
        var quad = Usable("quad", [("N", "Int32")], [("Result", "Int32")],
            Seq("q",
                Use("inner", "sum", ("a", Js("getInput('N')")), ("b", Js("getN()")), ("result", Out("Partial"))),
                A("set", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Js("getPartial() * 2")))),
            ("Partial", "Int32"));
        var parent = Root(Seq("p",
            Use("plain", "sum", ("a", Typed("Int32", "2")), ("b", Typed("Int32", "3")), ("result", Out("S"))),
            Use("quad1", "quad", ("n", Typed("Int32", "5")), ("result", Out("Q"))),
            A("show", "Elsa.WriteLine", ("text", Js("`${getS()}|${getQ()}`")))),
            ("S", "Int32", null), ("Q", "Int32", null));
        parent.DefinitionId = "nested";

        var (harness, instance) = await RunAsync(parent, null, Sum(), quad);

        Assert.Equal(["5|20"], harness.LinesOf(instance.Id));
        Assert.Equal("{}", JsonNode.Parse(instance.State)!["output"]!.ToJsonString());
    }

    [StoreFact]
    public async Task ABodyThatWaits_ReadsItsInputsAndSetsItsOutputsAfterResuming()
    {
        var doubler = Usable("doubler", [("A", "Int32")], [("Result", "Int32")],
            Seq("s", Delay("wait", "00:05:00"), A("set", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Js("getInput('A') * 2")))));
        var parent = Root(Seq("p",
            Use("double1", "doubler", ("a", Typed("Int32", "21")), ("result", Out("X"))),
            A("show", "Elsa.WriteLine", ("text", Js("`${getX()}`")))),
            ("X", "Int32", null));
        parent.DefinitionId = "waiting";
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(doubler);
        await harness.PublishAsync(parent);

        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "waiting" });
        await harness.DriveAsync();
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(started!.Id)).SubStatus);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(started.Id)).SubStatus);
        Assert.Equal(["42"], harness.LinesOf(started.Id));
    }

    [StoreFact]
    public async Task AnInputNamedLikeAPropertyOfTheActivity_IsReadFromItsPrefixedName()
    {
        var greeter = Usable("greeter", [("Name", "String")], [], Seq("s", A("w", "Elsa.WriteLine", ("text", Js("'hi ' + getInput('Name')")))));
        var parent = Named("parent", Seq("p", Use("greet", "greeter", ("_Name", Typed("String", "Ada")))));

        var (harness, instance) = await RunAsync(parent, null, greeter);

        Assert.Equal(["hi Ada"], harness.LinesOf(instance.Id));
    }
}
