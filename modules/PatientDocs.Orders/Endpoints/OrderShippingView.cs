namespace PatientDocs.Orders.Endpoints;

public sealed record OrderShippingView(string? InstanceId, string State, string? TrackingId);
