namespace PatientDocs.Orders.Stubs;

/// <summary>The payment provider's answer to a charge: charged with its reference, or declined.</summary>
public sealed record ChargeAnswer(bool Charged, string? Reference);
