namespace PatientDocs.Orders.Endpoints;

public sealed record OrderStarted(string OrderId, string InstanceId);
