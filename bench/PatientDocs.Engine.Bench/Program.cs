using System.Diagnostics;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;

// In-memory interpreter micro-benchmark: throughput of a 10-activity flowchart and the size of a suspended snapshot.
var instances = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var interpreter = new WorkflowInterpreter(new ActivityRegistry(), TimeProvider.System);

var straight = Flow(
    [Act("start", "Elsa.Start"), SetVar("set"), Line("w1"), Line("w2"), Line("w3"), Decision("d"), Line("w4"), Line("w5"), Line("w6"), Act("end", "Elsa.End")],
    ["start", "set", "w1", "w2", "w3", "d", "w4", "w5", "w6", "end"]);

// Warm up the JIT and the definition cache.
for (var i = 0; i < 2_000; i++)
{
    interpreter.Run($"warm-{i}", straight, null, new StartStimulus(null, null));
}

var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var watch = Stopwatch.StartNew();
long journal = 0;
for (var i = 0; i < instances; i++)
{
    var result = interpreter.Run($"i-{i}", straight, null, new StartStimulus(null, null));
    journal += result.Journal.Count;
}

watch.Stop();
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var activities = instances * 10.0;
Console.WriteLine($"throughput: {instances:N0} instances x 10 activities in {watch.Elapsed.TotalSeconds:F2} s = {activities / watch.Elapsed.TotalSeconds:N0} activities/s ({instances / watch.Elapsed.TotalSeconds:N0} instances/s, {journal / (double)instances:F0} journal records each)");
Console.WriteLine($"cpu: {cpu.TotalSeconds:F2} s of processor time = {activities / cpu.TotalSeconds:N0} activities per CPU-second (wall figures suffer when the machine is shared)");

// A suspended instance: the same flowchart waiting on a Delay halfway.
var suspended = Flow(
    [Act("start", "Elsa.Start"), SetVar("set"), Line("w1"), Line("w2"), Line("w3"), Act("delay", "Elsa.Delay", ("timeSpan", "01:00:00")), Line("w4"), Line("w5"), Line("w6"), Act("end", "Elsa.End")],
    ["start", "set", "w1", "w2", "w3", "delay", "w4", "w5", "w6", "end"]);
const int held = 20_000;
var states = new string[held];
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var before = GC.GetTotalMemory(forceFullCollection: true);
for (var i = 0; i < held; i++)
{
    states[i] = interpreter.Run($"s-{i}", suspended, null, new StartStimulus(null, null)).StateJson;
}

var after = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine($"suspended snapshot: {states[0].Length} chars of state JSON ({System.Text.Encoding.UTF8.GetByteCount(states[0])} bytes UTF-8); managed memory held per snapshot: {(after - before) / (double)held:N0} bytes");
GC.KeepAlive(states);

static WorkflowDefinition Flow(JsonObject[] activities, string[] chain)
{
    var connections = new JsonArray();
    for (var i = 0; i + 1 < chain.Length; i++)
    {
        var port = chain[i] == "d" ? "True" : "Done";
        connections.Add(new JsonObject { ["source"] = new JsonObject { ["activity"] = chain[i], ["port"] = port }, ["target"] = new JsonObject { ["activity"] = chain[i + 1], ["port"] = "In" } });
    }

    return new WorkflowDefinition(new JsonObject
    {
        ["definitionId"] = "bench",
        ["id"] = "bench-1",
        ["version"] = 1,
        ["variables"] = new JsonArray(new JsonObject { ["id"] = "v", ["name"] = "Greeting", ["typeName"] = "String", ["value"] = "" }),
        ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "flow", ["activities"] = new JsonArray(activities.Cast<JsonNode>().ToArray()), ["connections"] = connections },
    });
}

static JsonObject Act(string id, string type, params (string Name, string Value)[] inputs)
{
    var a = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1 };
    foreach (var (name, value) in inputs)
    {
        a[name] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
    }

    return a;
}

static JsonObject Line(string id) => Act(id, "Elsa.WriteLine", ("text", "hello"));

static JsonObject SetVar(string id)
{
    var a = Act(id, "Elsa.SetVariable", ("value", "hi"));
    a["variable"] = new JsonObject { ["id"] = "v", ["name"] = "Greeting" };
    return a;
}

static JsonObject Decision(string id) => Act(id, "Elsa.FlowDecision", ("condition", "true"));
