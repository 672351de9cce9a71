namespace PatientDocs.PatientDocuments.Endpoints;

/// <summary>This node's conversions: now, the most at once since start, and the queue's slots and memory budget.</summary>
public sealed record ConversionStats(
    int Current,
    int Peak,
    long CurrentWeightMb,
    long PeakWeightMb,
    long Completed,
    int Slots,
    long? BudgetMb);
