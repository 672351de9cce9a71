namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>
/// When an instance is expected to finish. <see cref="LowerBound"/> is a floor from queue positions and limits (it cannot
/// finish earlier); <see cref="EtaAt"/> the estimate (null when nothing predicts it); <see cref="Basis"/> one of
/// <see cref="EtaBasis"/>; <see cref="Summary"/> the same in one sentence.
/// </summary>
public sealed record InstanceEta(
    string InstanceId,
    string DefinitionId,
    string Status,
    DateTimeOffset ComputedAt,
    DateTimeOffset? EtaAt,
    DateTimeOffset? LowerBound,
    string Basis,
    string Summary,
    IReadOnlyList<EtaStep> Steps,
    int HistorySamples);
