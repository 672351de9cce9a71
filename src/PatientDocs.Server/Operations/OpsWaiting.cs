using PatientDocs.Engine.Runtime.Eta;

namespace PatientDocs.Server.Operations;

/// <summary>One page of waiting instances (oldest first) with their ETAs, of <see cref="Total"/> waiting.</summary>
public sealed record OpsWaiting(long Total, int Page, int PageSize, IReadOnlyList<InstanceEta> Items);
