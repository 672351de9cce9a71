using System.Text.Json.Nodes;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.StateLanguage.Registration;

/// <summary>
/// A read definition written back in the language's JSON form (states keyed by name, only the fields a state has), however
/// it was written: what <c>GET /workflows/{name}</c> answers and the module's table keeps.
/// </summary>
public static class DefinitionJson
{
    public static JsonObject From(StateMachine machine) => new()
    {
        ["name"] = machine.Name,
        ["version"] = machine.Version,
        ["startAt"] = machine.StartAt,
        ["states"] = States(machine.States),
    };

    public static JsonObject States(IEnumerable<StateSpec> states)
    {
        var result = new JsonObject();
        foreach (var state in states)
        {
            result[state.Name] = State(state);
        }

        return result;
    }

    private static JsonObject State(StateSpec s)
    {
        var o = new JsonObject { ["type"] = s.Type };
        Add(o, "resource", s.Resource);
        Add(o, "next", s.Next);
        if (s.End)
        {
            o["end"] = true;
        }

        if (s.Retry is { } retry)
        {
            var r = new JsonObject { ["maxAttempts"] = retry.MaxAttempts, ["intervalSeconds"] = retry.IntervalSeconds, ["backoffMultiplier"] = retry.BackoffMultiplier };
            if (retry.ErrorTypes is { } types)
            {
                r["errorTypes"] = new JsonArray([.. types.Select(t => JsonValue.Create(t))]);
            }

            o["retry"] = r;
        }

        if (s.Catch.Count > 0)
        {
            o["catch"] = new JsonArray([.. s.Catch.Select(c => new JsonObject { ["errorTypes"] = new JsonArray([.. c.ErrorTypes.Select(t => JsonValue.Create(t))]), ["next"] = c.Next })]);
        }

        if (s.TimeoutSeconds is { } timeout)
        {
            o["timeout"] = timeout;
        }

        Add(o, "compensation", s.Compensation);
        if (s.Choices.Count > 0)
        {
            o["choices"] = new JsonArray([.. s.Choices.Select(c => new JsonObject { ["condition"] = c.Condition.DeepClone(), ["next"] = c.Next })]);
        }

        Add(o, "default", s.Default);
        if (s.Seconds is { } seconds)
        {
            o["seconds"] = seconds;
        }

        Add(o, "timestamp", s.Timestamp);
        Add(o, "event", s.Event);
        if (s.Branches.Count > 0)
        {
            o["branches"] = new JsonArray([.. s.Branches.Select(b => new JsonObject { ["startAt"] = b.StartAt, ["states"] = States(b.States) })]);
        }

        if (s.Result is { } result)
        {
            o["result"] = result.DeepClone();
        }

        Add(o, "error", s.Error);
        Add(o, "cause", s.Cause);
        return o;
    }

    private static void Add(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }
}
