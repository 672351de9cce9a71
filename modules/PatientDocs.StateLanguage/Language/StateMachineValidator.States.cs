namespace PatientDocs.StateLanguage.Language;

public static partial class StateMachineValidator
{
    private static void ValidateState(StateSpec state, HashSet<string> names, Scope scope, List<LanguageError> errors)
    {
        void Error(string field, string text) => errors.Add(new LanguageError(state.Name, field, $"{scope.Describe(state)}: {text}"));

        void Reference(string field, string? target, bool required)
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                if (required || target is not null)
                {
                    Error(field, $"'{field}' names no state.");
                }
            }
            else if (!names.Contains(target))
            {
                Error(field, $"'{field}' names '{target}', which is not one of {scope.StatesOf}.");
            }
        }

        if (!StateTypes.All.Contains(state.Type))
        {
            Error("type", string.IsNullOrWhiteSpace(state.Type)
                ? $"has no type (one of {string.Join(", ", StateTypes.All)})."
                : $"type '{state.Type}' is not a state type (one of {string.Join(", ", StateTypes.All)}).");
            return;
        }

        if (EndsOrMovesOn(state.Type))
        {
            if (state.Next is null && !state.End)
            {
                Error("next", "has neither 'next' nor 'end: true'.");
            }
            else if (state.Next is not null && state.End)
            {
                Error("next", "has both 'next' and 'end: true'; give one.");
            }
            else
            {
                Reference("next", state.Next, required: false);
            }
        }

        switch (state.Type)
        {
            case StateTypes.Task:
                ValidateTask(state, Error, Reference);
                break;
            case StateTypes.Choice:
                if (state.Choices.Count == 0)
                {
                    Error("choices", "a Choice needs at least one rule in 'choices'.");
                }

                for (var i = 0; i < state.Choices.Count; i++)
                {
                    ValidateCondition(state.Choices[i].Condition, $"choices[{i}].condition", Error);
                    Reference($"choices[{i}].next", state.Choices[i].Next, required: true);
                }

                Reference("default", state.Default, required: false);
                break;
            case StateTypes.Wait:
                ValidateWait(state, Error);
                break;
            case StateTypes.Parallel:
                if (state.Branches.Count == 0)
                {
                    Error("branches", "a Parallel state needs at least one branch in 'branches'.");
                }

                for (var i = 0; i < state.Branches.Count; i++)
                {
                    ValidateScope(state.Branches[i].StartAt, state.Branches[i].States, new Scope(state.Name, i), errors);
                }

                break;
        }
    }

    // The types that go on to 'next' or end the run with 'end: true'; Choice, Success and Fail decide otherwise.
    private static bool EndsOrMovesOn(string type) => type is StateTypes.Task or StateTypes.Pass or StateTypes.Wait or StateTypes.Parallel;

    private static void ValidateTask(StateSpec state, Action<string, string> error, Action<string, string?, bool> reference)
    {
        if (string.IsNullOrWhiteSpace(state.Resource))
        {
            error("resource", "a Task needs a 'resource'.");
        }

        if (state.Retry is { } retry)
        {
            if (retry.MaxAttempts < 1)
            {
                error("retry.maxAttempts", $"'retry.maxAttempts' must be at least 1 (it counts the first attempt); it is {retry.MaxAttempts}.");
            }

            if (retry.IntervalSeconds < 0)
            {
                error("retry.intervalSeconds", $"'retry.intervalSeconds' must not be negative; it is {retry.IntervalSeconds}.");
            }

            if (retry.BackoffMultiplier < 0)
            {
                error("retry.backoffMultiplier", $"'retry.backoffMultiplier' must not be negative; it is {retry.BackoffMultiplier}.");
            }

            if (retry.ErrorTypes is { Count: 0 })
            {
                error("retry.errorTypes", "'retry.errorTypes' is empty; leave it out to retry every error type.");
            }
        }

        for (var i = 0; i < state.Catch.Count; i++)
        {
            if (state.Catch[i].ErrorTypes.Count == 0 || state.Catch[i].ErrorTypes.Any(string.IsNullOrWhiteSpace))
            {
                error($"catch[{i}].errorType", $"'catch[{i}]' needs 'errorType' or 'errorTypes' (States.ALL or * catches every error).");
            }

            reference($"catch[{i}].next", state.Catch[i].Next, true);
        }

        if (state.TimeoutSeconds is <= 0)
        {
            error("timeout", $"'timeout' must be more than 0 seconds; it is {state.TimeoutSeconds}.");
        }

        if (state.Compensation is { } compensation && string.IsNullOrWhiteSpace(compensation))
        {
            error("compensation", "'compensation' names no resource.");
        }
    }

    private static void ValidateWait(StateSpec state, Action<string, string> error)
    {
        var given = new[] { ("seconds", state.Seconds is not null), ("timestamp", state.Timestamp is not null), ("event", state.Event is not null) }
            .Where(g => g.Item2).Select(g => g.Item1).ToList();
        if (given.Count != 1)
        {
            error(given.Count == 0 ? "seconds" : given[1], given.Count == 0
                ? "a Wait needs one of 'seconds', 'timestamp' or 'event'."
                : $"a Wait takes exactly one of 'seconds', 'timestamp' or 'event'; it has {string.Join(" and ", given)}.");
        }

        if (state.Seconds is < 0)
        {
            error("seconds", $"'seconds' must not be negative; it is {state.Seconds}.");
        }

        if (state.Timestamp is { } timestamp && !IsoTimestamp.TryParse(timestamp, out _))
        {
            error("timestamp", $"'timestamp' '{timestamp}' is not an ISO-8601 date and time such as 2026-01-31T09:00:00Z.");
        }

        if (state.Event is { } name && string.IsNullOrWhiteSpace(name))
        {
            error("event", "'event' names no event.");
        }
    }
}
