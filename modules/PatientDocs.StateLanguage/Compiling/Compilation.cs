using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PatientDocs.StateLanguage.Language;
using static PatientDocs.StateLanguage.Compiling.StateMachineCompiler;

namespace PatientDocs.StateLanguage.Compiling;

/// <summary>One run of the compiler: walks the machine's states (and its branches', recursively) into a <see cref="FlowBuilder"/>.</summary>
internal sealed partial class Compilation(StateMachine machine, Func<string, string> queueOf)
{
    private const string UncaughtPort = Activities.RunTask.UncaughtPort;

    // Task activity id → its state, compensation resource and branch: the compensate task's input.
    private readonly JsonObject _compensations = [];
    private bool _failureUsed;

    public FlowBuilder Flow { get; } = new();

    /// <summary>How a scope ends a path that reached a terminal state: at the top an End, in a branch the branch's join.</summary>
    private delegate void Terminal(string source, string port, string state);

    public JsonObject Run()
    {
        Flow.Declare(DataVariable);
        Flow.Declare(FailureVariable);
        var input = Flow.Add(InputId, "StateLanguage.ReadInput", "Read input");
        input["result"] = FlowBuilder.Bind(DataVariable);

        var ids = CompileScope(machine.States, "", DataVariable, null, EndSucceeded);
        Flow.Connect(InputId, "Done", ids[machine.StartAt]);
        if (_failureUsed)
        {
            AddFailurePath();
        }

        return Flow.Build(InputId);
    }

    /// <summary>Compiles one scope's states; returns each state's activity id.</summary>
    private Dictionary<string, string> CompileScope(IReadOnlyList<StateSpec> states, string prefix, string data, int? branch, Terminal terminal)
    {
        var ids = IdsOf(states, prefix);
        foreach (var state in states)
        {
            var id = ids[state.Name];
            void Transition(string source, string port)
            {
                if (state.End || state.Next is null)
                {
                    terminal(source, port, state.Name);
                }
                else
                {
                    Flow.Connect(source, port, ids[state.Next]);
                }
            }

            switch (state.Type)
            {
                case StateTypes.Task:
                    CompileTask(state, id, data, branch, ids, Transition);
                    break;
                case StateTypes.Choice:
                    CompileChoice(state, id, data, branch, ids);
                    break;
                case StateTypes.Wait:
                    CompileWait(state, id, data, branch, Transition);
                    break;
                case StateTypes.Pass:
                    var pass = Flow.Add(id, "StateLanguage.Pass", state.Name, new MappedActivity(state.Name, state.Type, Branch: branch));
                    pass["data"] = FlowBuilder.Variable(data);
                    pass["value"] = FlowBuilder.Json(state.Result ?? []);
                    pass["result"] = FlowBuilder.Bind(data);
                    Transition(id, "Done");
                    break;
                case StateTypes.Success:
                    Flow.Add(id, "StateLanguage.Success", state.Name, new MappedActivity(state.Name, state.Type, Branch: branch));
                    terminal(id, "Done", state.Name);
                    break;
                case StateTypes.Fail:
                    var fail = Flow.Add(id, "StateLanguage.Fail", state.Name, new MappedActivity(state.Name, state.Type, Branch: branch));
                    fail["state"] = FlowBuilder.Literal(state.Name);
                    fail["errorType"] = FlowBuilder.Literal(state.Error);
                    fail["causeText"] = FlowBuilder.Literal(state.Cause);
                    fail["failure"] = FlowBuilder.Bind(FailureVariable);
                    ToFailure(id, "Done");
                    break;
                case StateTypes.Parallel:
                    CompileParallel(state, id, data, branch, Transition);
                    break;
                default:
                    throw new InvalidOperationException($"State '{state.Name}' has type '{state.Type}', which the validator should have rejected.");
            }
        }

        return ids;
    }

    private void EndSucceeded(string source, string port, string state)
    {
        var id = "__end_" + Sanitize(state);
        if (!Flow.Has(id))
        {
            var end = Flow.Add(id, "StateLanguage.End", $"Succeeded at {state}");
            end["status"] = FlowBuilder.Literal(Activities.EndExecution.Succeeded);
            end["state"] = FlowBuilder.Literal(state);
            end["data"] = FlowBuilder.Variable(DataVariable);
        }

        Flow.Connect(source, port, id);
    }

    private void ToFailure(string source, string port)
    {
        _failureUsed = true;
        Flow.Connect(source, port, FailureId);
    }

    /// <summary>
    /// The one way every failure ends: a WaitAny join (the first failure wins and cancels whatever else still waits), the
    /// compensations when any Task declares one, and the failed End.
    /// </summary>
    private void AddFailurePath()
    {
        var join = Flow.Add(FailureId, "Elsa.FlowJoin", "Execution failed");
        join["mode"] = FlowBuilder.Literal("WaitAny");
        var next = FailureId;
        if (_compensations.Count > 0)
        {
            var compensate = Flow.Add(CompensateId, "StateLanguage.Compensate", "Compensate", new MappedActivity("", StateTypes.Compensation, StepRole.Compensate));
            compensate["tasks"] = FlowBuilder.Json(_compensations);
            compensate["data"] = FlowBuilder.Variable(DataVariable);
            compensate["mock"] = FlowBuilder.Input("mock");
            Flow.Connect(next, "Done", CompensateId);
            next = CompensateId;
        }

        var end = Flow.Add(FailedEndId, "StateLanguage.End", "Failed");
        end["status"] = FlowBuilder.Literal(Activities.EndExecution.Failed);
        end["data"] = FlowBuilder.Variable(DataVariable);
        end["failure"] = FlowBuilder.Variable(FailureVariable);
        Flow.Connect(next, "Done", FailedEndId);
    }

    /// <summary>Activity ids: the state's name where it is a plain identifier, else a cleaned one, unique in the definition.</summary>
    private Dictionary<string, string> IdsOf(IReadOnlyList<StateSpec> states, string prefix)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            var id = prefix + Sanitize(state.Name);
            for (var n = 2; Flow.Has(id) || ids.ContainsValue(id); n++)
            {
                id = $"{prefix}{Sanitize(state.Name)}_{n}";
            }

            ids[state.Name] = id;
        }

        return ids;
    }

    /// <summary>Letters, digits, '_' and '-' only; a leading "__" is kept for the compiler's own activities.</summary>
    private static string Sanitize(string name)
    {
        var clean = InvalidIdCharacters().Replace(name, "_");
        return clean.Length == 0 || clean.StartsWith("__", StringComparison.Ordinal) ? "s" + clean : clean;
    }

    /// <summary>The port that leads to <paramref name="state"/>: its name, unless that is one of the fixed port names.</summary>
    private static string PortTo(string state) => state is "Done" or UncaughtPort ? "→ " + state : state;

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex InvalidIdCharacters();
}
