namespace PatientDocs.Simulators.Gateway;

/// <summary>One outage as listed; an outage armed to start after a number of requests has no times yet, only <see cref="StartsAfterRequests"/>.</summary>
public sealed record OutageView(string OutageId, string Kind, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, long? StartsAfterRequests = null);
