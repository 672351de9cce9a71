namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// Checks a definition's meaning: every reference names a state of its own machine (or branch), every type is known and
/// has the fields it needs, every condition is well formed, and a terminal state is reachable from <c>startAt</c>.
/// </summary>
public static partial class StateMachineValidator
{
    public static IReadOnlyList<LanguageError> Validate(StateMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var errors = new List<LanguageError>();
        if (string.IsNullOrWhiteSpace(machine.Name))
        {
            errors.Add(new LanguageError(null, "name", "The definition has no name."));
        }

        if (string.IsNullOrWhiteSpace(machine.Version))
        {
            errors.Add(new LanguageError(null, "version", "The definition has no version."));
        }

        ValidateScope(machine.StartAt, machine.States, Scope.Definition, errors);
        return errors;
    }

    private static void ValidateScope(string startAt, IReadOnlyList<StateSpec> states, Scope scope, List<LanguageError> errors)
    {
        var names = states.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (states.Count == 0)
        {
            errors.Add(scope.OwnError("states", "has no states."));
        }

        if (string.IsNullOrWhiteSpace(startAt))
        {
            errors.Add(scope.OwnError("startAt", "has no startAt."));
        }
        else if (!names.Contains(startAt))
        {
            errors.Add(scope.OwnError("startAt", $"names '{startAt}' in startAt, which is not one of {scope.StatesOf}."));
        }

        foreach (var state in states)
        {
            ValidateState(state, names, scope, errors);
        }

        if (names.Contains(startAt) && !ReachesTerminal(startAt, states))
        {
            var start = states.First(s => s.Name == startAt);
            errors.Add(new LanguageError(startAt, "startAt", $"{scope.Describe(start)}: no path leads from startAt '{startAt}' to a terminal state (Success, Fail, or a state with end: true)."));
        }
    }

    // Breadth-first over every way out of a state: next, default, choices and catches.
    private static bool ReachesTerminal(string startAt, IReadOnlyList<StateSpec> states)
    {
        var byName = states.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal) { startAt };
        var queue = new Queue<string>([startAt]);
        while (queue.TryDequeue(out var name))
        {
            var state = byName[name];
            if (IsTerminal(state))
            {
                return true;
            }

            foreach (var next in Exits(state).Where(n => byName.ContainsKey(n) && seen.Add(n)))
            {
                queue.Enqueue(next);
            }
        }

        return false;
    }

    private static bool IsTerminal(StateSpec state) =>
        state.Type is StateTypes.Success or StateTypes.Fail || (state.End && EndsOrMovesOn(state.Type));

    private static IEnumerable<string> Exits(StateSpec state)
    {
        IEnumerable<string?> exits = [state.Next, state.Default, .. state.Choices.Select(c => c.Next), .. state.Catch.Select(c => c.Next)];
        return exits.OfType<string>().Where(n => n.Length > 0);
    }

    /// <summary>Where the states being checked live: the definition itself, or branch <c>i</c> of a Parallel state.</summary>
    private sealed record Scope(string? Parallel, int Branch)
    {
        public static readonly Scope Definition = new(null, -1);

        public string StatesOf => Parallel is null ? "the definition's states" : $"the states of branch {Branch} of '{Parallel}'";

        public string Describe(StateSpec state) =>
            Parallel is null ? $"State '{state.Name}'" : $"State '{state.Name}' (in branch {Branch} of '{Parallel}')";

        // An error about the scope's own fields: the definition's, or the Parallel state's branches[i].
        public LanguageError OwnError(string field, string text) => Parallel is null
            ? new LanguageError(null, field, $"The definition {text}")
            : new LanguageError(Parallel, $"branches[{Branch}].{field}", $"State '{Parallel}': branch {Branch} {text}");
    }
}
