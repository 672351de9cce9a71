namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// Checks a definition's meaning: every reference names a state of its own machine (or branch), every type is known and
/// has the fields it needs, every condition is well formed, and a terminal state is reachable from <c>startAt</c>.
/// </summary>
public static class StateMachineValidator
{
    public static IReadOnlyList<LanguageError> Validate(StateMachine machine) => throw new NotImplementedException();
}
