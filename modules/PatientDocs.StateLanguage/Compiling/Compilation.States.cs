using System.Text.Json.Nodes;
using PatientDocs.StateLanguage.Language;
using static PatientDocs.StateLanguage.Compiling.StateMachineCompiler;

namespace PatientDocs.StateLanguage.Compiling;

/// <summary>The states that are more than one activity with one port: Task, Choice, Wait and Parallel.</summary>
internal sealed partial class Compilation
{
    private void CompileTask(StateSpec state, string id, string data, int? branch, Dictionary<string, string> ids, Action<string, string> transition)
    {
        var task = Flow.Add(id, "StateLanguage.Task", state.Name, new MappedActivity(state.Name, state.Type, Branch: branch));
        var resource = state.Resource!;
        task["state"] = FlowBuilder.Literal(state.Name);
        task["resource"] = FlowBuilder.Literal(resource);
        task["queueName"] = FlowBuilder.Literal(queueOf(resource));
        task["data"] = FlowBuilder.Variable(data);
        task["mock"] = FlowBuilder.Input("mock");
        if (state.Retry is { } retry)
        {
            var spec = new JsonObject
            {
                ["maxAttempts"] = retry.MaxAttempts,
                ["intervalSeconds"] = retry.IntervalSeconds,
                ["backoffMultiplier"] = retry.BackoffMultiplier,
            };
            if (retry.ErrorTypes is { } types)
            {
                spec["errorTypes"] = new JsonArray(types.Select(t => (JsonNode?)t).ToArray());
            }

            task["retry"] = FlowBuilder.Json(spec);
        }

        task["timeoutSeconds"] = FlowBuilder.Number(state.TimeoutSeconds);
        task["result"] = FlowBuilder.Bind(data);
        task["failure"] = FlowBuilder.Bind(FailureVariable);

        var ports = new List<string> { "Done" };
        var catches = new JsonArray();
        foreach (var handler in state.Catch)
        {
            var port = UniquePort(ports, "Catch " + string.Join(", ", handler.ErrorTypes));
            ports.Add(port);
            catches.Add(new JsonObject
            {
                ["errorTypes"] = new JsonArray(handler.ErrorTypes.Select(t => (JsonNode?)t).ToArray()),
                ["next"] = handler.Next,
                ["port"] = port,
            });
            Flow.Connect(id, port, ids[handler.Next]);
        }

        ports.Add(UncaughtPort);
        task["catch"] = FlowBuilder.Json(catches);
        task["outcomes"] = FlowBuilder.Json(new JsonArray(ports.Select(p => (JsonNode?)p).ToArray()), "String[]");
        transition(id, "Done");
        ToFailure(id, UncaughtPort);

        if (state.Compensation is { } compensation)
        {
            _compensations[id] = new JsonObject { ["state"] = state.Name, ["resource"] = compensation, ["branch"] = branch };
        }
    }

    private void CompileChoice(StateSpec state, string id, string data, int? branch, Dictionary<string, string> ids)
    {
        var choice = Flow.Add(id, "StateLanguage.Choice", state.Name, new MappedActivity(state.Name, state.Type, Branch: branch));
        choice["state"] = FlowBuilder.Literal(state.Name);
        choice["data"] = FlowBuilder.Variable(data);
        choice["failure"] = FlowBuilder.Bind(FailureVariable);

        var ports = new List<string>();
        void Lead(string next)
        {
            var port = PortTo(next);
            if (!ports.Contains(port))
            {
                ports.Add(port);
                Flow.Connect(id, port, ids[next]);
            }
        }

        var rules = new JsonArray();
        foreach (var rule in state.Choices)
        {
            Lead(rule.Next);
            rules.Add(new JsonObject { ["condition"] = rule.Condition.DeepClone(), ["next"] = rule.Next, ["port"] = PortTo(rule.Next) });
        }

        choice["choices"] = FlowBuilder.Json(rules);
        if (state.Default is { } fallback)
        {
            Lead(fallback);
            choice["default"] = FlowBuilder.Literal(fallback);
            choice["defaultPort"] = FlowBuilder.Literal(PortTo(fallback));
        }
        else
        {
            ports.Add(UncaughtPort);
            ToFailure(id, UncaughtPort);
        }

        choice["outcomes"] = FlowBuilder.Json(new JsonArray(ports.Select(p => (JsonNode?)p).ToArray()), "String[]");
    }

    private void CompileWait(StateSpec state, string id, string data, int? branch, Action<string, string> transition)
    {
        var wait = Flow.Add(id, "StateLanguage.Wait", state.Name, new MappedActivity(state.Name, state.Type, Branch: branch));
        wait["data"] = FlowBuilder.Variable(data);
        wait["seconds"] = FlowBuilder.Number(state.Seconds);
        wait["timestamp"] = FlowBuilder.Literal(state.Timestamp);
        wait["eventName"] = FlowBuilder.Literal(state.Event);
        wait["result"] = FlowBuilder.Bind(data);
        transition(id, "Done");
    }

    /// <summary>
    /// The fork gives each branch a copy of the data and starts them all; each branch's ends meet (through a WaitAny join
    /// when it has several) at a WaitAll join, and the merge ends the state with the branches' data in order.
    /// </summary>
    private void CompileParallel(StateSpec state, string id, string data, int? branch, Action<string, string> transition)
    {
        var fork = Flow.Add(id, "StateLanguage.Parallel", state.Name, new MappedActivity(state.Name, state.Type, Branch: branch));
        var joinId = id + "__join";
        var mergeId = id + "__merge";
        var variables = new List<string>();
        var ports = new List<string>();
        var starts = new List<(string Port, string Target)>();
        var ends = new List<List<(string Source, string Port)>>();
        for (var i = 0; i < state.Branches.Count; i++)
        {
            var spec = state.Branches[i];
            var prefix = $"{id}__b{i}__";
            var variable = prefix + "data";
            Flow.Declare(variable);
            variables.Add(variable);
            var terminals = new List<(string Source, string Port)>();
            var index = i;
            var ids = CompileScope(spec.States, prefix, variable, index, (source, port, _) => terminals.Add((source, port)));
            ports.Add($"Branch {i}");
            starts.Add(($"Branch {i}", ids[spec.StartAt]));
            ends.Add(terminals);
        }

        var variableList = new JsonArray(variables.Select(v => (JsonNode?)v).ToArray());
        fork["data"] = FlowBuilder.Variable(data);
        fork["branchVariables"] = FlowBuilder.Json(variableList, "String[]");
        fork["outcomes"] = FlowBuilder.Json(new JsonArray(ports.Select(p => (JsonNode?)p).ToArray()), "String[]");
        foreach (var (port, target) in starts)
        {
            Flow.Connect(id, port, target);
        }

        var join = Flow.Add(joinId, "Elsa.FlowJoin", $"{state.Name}: all branches done");
        join["mode"] = FlowBuilder.Literal("WaitAll");
        for (var i = 0; i < ends.Count; i++)
        {
            if (ends[i].Count == 1)
            {
                Flow.Connect(ends[i][0].Source, ends[i][0].Port, joinId);
                continue;
            }

            var branchEnd = $"{id}__b{i}__end";
            var any = Flow.Add(branchEnd, "Elsa.FlowJoin", $"{state.Name}: branch {i} done");
            any["mode"] = FlowBuilder.Literal("WaitAny");
            foreach (var (source, port) in ends[i])
            {
                Flow.Connect(source, port, branchEnd);
            }

            Flow.Connect(branchEnd, "Done", joinId);
        }

        var merge = Flow.Add(mergeId, "StateLanguage.ParallelMerge", $"{state.Name}: merge", new MappedActivity(state.Name, state.Type, StepRole.ParallelMerge, branch));
        merge["state"] = FlowBuilder.Literal(state.Name);
        merge["data"] = FlowBuilder.Variable(data);
        merge["branchVariables"] = FlowBuilder.Json(variableList.DeepClone(), "String[]");
        merge["result"] = FlowBuilder.Bind(data);
        Flow.Connect(joinId, "Done", mergeId);
        transition(mergeId, "Done");
    }

    private static string UniquePort(List<string> taken, string port)
    {
        var unique = port;
        for (var n = 2; taken.Contains(unique); n++)
        {
            unique = $"{port} ({n})";
        }

        return unique;
    }
}
