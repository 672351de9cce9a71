namespace PatientDocs.Simulators.Gateway;

/// <summary>The JSON of <c>GET /arrivals</c>: requests that arrived at one endpoint since the start, whatever their answer.</summary>
public sealed record ArrivalCount(string Endpoint, long Arrivals);
