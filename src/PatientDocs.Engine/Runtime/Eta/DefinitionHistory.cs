namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>
/// What recently finished instances of a definition tell about the rest of a path: per activity id its
/// <see cref="ActivityHistory"/>, and per queue and priority how many permits of the queue's limit were drawn per task
/// of that queue by tasks that outrank it (<see cref="DrawPerTask"/>, 1 when none do), over <see cref="Instances"/>
/// instances.
/// </summary>
public sealed record DefinitionHistory(
    int Instances,
    IReadOnlyDictionary<string, ActivityHistory> Activities,
    IReadOnlyDictionary<(string Queue, int Priority), double> DrawPerTask)
{
    public static readonly DefinitionHistory Empty = new(0, new Dictionary<string, ActivityHistory>(), new Dictionary<(string, int), double>());
}
