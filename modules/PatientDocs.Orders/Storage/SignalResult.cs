namespace PatientDocs.Orders.Storage;

/// <summary>What a signal did to an order: accepted (and whether the workflow must be woken), unknown order, or too late.</summary>
public enum SignalResult
{
    Accepted,
    AcceptedWake,
    NotFound,
    Conflict,
}
