namespace PatientDocs.Engine.Queues;

/// <summary>
/// A queue group's second, weighted limit as a claim sees it: the limit (its <see cref="RateLimitSpec.Permits"/> are units,
/// for example tokens per window) and its permits still counting, each with the units it charges.
/// </summary>
public sealed record UnitWindow(RateLimitSpec Limit, IReadOnlyList<WeightedPermit> Counting);
