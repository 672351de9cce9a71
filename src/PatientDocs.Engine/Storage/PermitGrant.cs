namespace PatientDocs.Engine.Storage;

/// <summary>One grant of a limit as stored: its holder, when it was granted and released, and the units it charges (1 unless weighted).</summary>
public sealed record PermitGrant(string Holder, DateTimeOffset GrantedAt, DateTimeOffset? ReleasedAt, long Units);
