namespace PatientDocs.StateLanguage.Language;

/// <summary>A branch of a Parallel state: a state machine of its own over a copy of the data.</summary>
public sealed record BranchSpec(string StartAt, IReadOnlyList<StateSpec> States)
{
    public StateSpec? Find(string name) => States.FirstOrDefault(s => s.Name == name);
}
