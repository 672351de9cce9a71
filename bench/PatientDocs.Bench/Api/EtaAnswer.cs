namespace PatientDocs.Bench.Api;

/// <summary>One answer of <c>GET /api/workflow-instances/{id}/eta</c>, with when the bench asked.</summary>
public sealed record EtaAnswer(string InstanceId, DateTimeOffset AskedAt, DateTimeOffset? EtaAt, DateTimeOffset? LowerBound, string Basis, string Summary);
