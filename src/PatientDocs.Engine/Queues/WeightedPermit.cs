namespace PatientDocs.Engine.Queues;

/// <summary>A permit of a weighted limit: when it counts from (as for an unweighted one) and how many units it charges.</summary>
public readonly record struct WeightedPermit(DateTimeOffset CountsFrom, long Units);
