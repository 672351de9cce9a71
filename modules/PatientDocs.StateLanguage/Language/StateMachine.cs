namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// A workflow in the state language, as read from YAML or JSON: its name, its version as written ("1.0" stays "1.0"), the
/// state it starts at, and its states in the order they were written.
/// </summary>
public sealed record StateMachine(string Name, string Version, string StartAt, IReadOnlyList<StateSpec> States)
{
    public StateSpec? Find(string name) => States.FirstOrDefault(s => s.Name == name);
}
