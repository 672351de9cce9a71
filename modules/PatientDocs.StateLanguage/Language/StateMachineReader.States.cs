using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

public static partial class StateMachineReader
{
    private static StateSpec ReadState(string name, JsonObject f, FieldReader at) => new()
    {
        Name = name,
        Type = at.Text(f, "type") ?? "",
        Next = at.Text(f, "next"),
        End = at.Bool(f, "end") ?? false,
        Resource = at.Text(f, "resource"),
        Retry = ReadRetry(f, at),
        Catch = ReadCatch(f, at),
        TimeoutSeconds = at.Number(f, "timeout"),
        Compensation = at.Text(f, "compensation"),
        Choices = ReadChoices(f, at),
        Default = at.Text(f, "default"),
        Seconds = at.Number(f, "seconds"),
        Timestamp = at.Text(f, "timestamp"),
        Event = at.Text(f, "event"),
        Branches = ReadBranches(name, f, at),
        Result = at.Object(f, "result")?.DeepClone().AsObject(),
        Error = at.Text(f, "error"),
        Cause = at.Text(f, "cause"),
    };

    private static RetrySpec? ReadRetry(JsonObject f, FieldReader at)
    {
        if (at.Object(f, "retry") is not { } retry)
        {
            return null;
        }

        var r = at.Within("retry.");
        var maxAttempts = r.WholeNumber(retry, "maxAttempts");
        if (maxAttempts is null && retry["maxAttempts"] is null)
        {
            r.Error("maxAttempts", "is required: the number of attempts, the first included.");
        }

        return new RetrySpec(
            maxAttempts ?? 0,
            r.Number(retry, "intervalSeconds") ?? 1,
            r.Number(retry, "backoffMultiplier") ?? 2,
            r.TextList(retry, "errorTypes"));
    }

    private static List<CatchSpec> ReadCatch(JsonObject f, FieldReader at)
    {
        var catches = new List<CatchSpec>();
        if (at.List(f, "catch") is not { } list)
        {
            return catches;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var c = at.Within($"catch[{i}].");
            if (list[i] is not JsonObject item)
            {
                c.Error("", "must be a mapping with errorType (or errorTypes) and next.");
                continue;
            }

            var errorTypes = new List<string>();
            errorTypes.AddRange(c.TextList(item, "errorTypes") ?? []);
            if (c.Text(item, "errorType") is { } one)
            {
                errorTypes.Add(one);
            }

            catches.Add(new CatchSpec(errorTypes, c.Text(item, "next") ?? ""));
        }

        return catches;
    }

    private static List<ChoiceRule> ReadChoices(JsonObject f, FieldReader at)
    {
        var rules = new List<ChoiceRule>();
        if (at.List(f, "choices") is not { } list)
        {
            return rules;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var c = at.Within($"choices[{i}].");
            if (list[i] is not JsonObject item)
            {
                c.Error("", "must be a mapping with condition and next.");
                continue;
            }

            var condition = c.Object(item, "condition")?.DeepClone().AsObject() ?? [];
            rules.Add(new ChoiceRule(condition, c.Text(item, "next") ?? ""));
        }

        return rules;
    }

    private static List<BranchSpec> ReadBranches(string parallel, JsonObject f, FieldReader at)
    {
        var branches = new List<BranchSpec>();
        if (at.List(f, "branches") is not { } list)
        {
            return branches;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var b = at.Within($"branches[{i}].");
            if (list[i] is not JsonObject item)
            {
                b.Error("", "must be a mapping with startAt and states.");
                continue;
            }

            var startAt = b.Text(item, "startAt") ?? "";
            branches.Add(new BranchSpec(startAt, ReadStates(item, b, $"branch {i} of '{parallel}'")));
        }

        return branches;
    }
}
