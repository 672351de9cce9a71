namespace PatientDocs.Engine.Storage;

/// <summary>
/// When the permits were granted (now, or within the lookahead: the request must not leave before), or, when the window
/// had no room, when to ask again. Both in the caller's clock.
/// </summary>
public sealed record PermitAcquisition(DateTimeOffset? GrantedAt, DateTimeOffset? NextAttemptAt);
