namespace PatientDocs.Simulators.Gateway;

/// <summary>The JSON of <c>GET /stats</c>: requests that reached the service, 429s, and requests answered by an outage.</summary>
public sealed record ServiceStats(
    string Service,
    double TimeScale,
    long Requests,
    long Violations,
    long Unavailable,
    IReadOnlyDictionary<string, EndpointStats> Endpoints,
    IReadOnlyDictionary<string, LimitStats> Limits);
