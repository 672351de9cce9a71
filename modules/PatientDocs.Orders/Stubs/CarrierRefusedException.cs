namespace PatientDocs.Orders.Stubs;

/// <summary>The carrier refuses the address for good: no retry can dispatch it.</summary>
public sealed class CarrierRefusedException(string message) : Exception(message);
