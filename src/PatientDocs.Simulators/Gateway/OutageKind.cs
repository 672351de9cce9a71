namespace PatientDocs.Simulators.Gateway;

public enum OutageKind
{
    /// <summary>503 with Retry-After, as a load balancer answers for a service that is down.</summary>
    Unavailable,

    /// <summary>The connection is aborted without an answer.</summary>
    Refuse,

    /// <summary>The request is held until the outage ends (then 503) or the client gives up.</summary>
    Hang,
}
