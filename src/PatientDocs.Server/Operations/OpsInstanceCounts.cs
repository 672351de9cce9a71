namespace PatientDocs.Server.Operations;

/// <summary>
/// Instances by state: running ones (among them executing or about to, suspended, and with incidents, which are running
/// and faulted until retried) and ended ones (finished, faulted, cancelled); running plus the ended make the total.
/// </summary>
public sealed record OpsInstanceCounts(long Running, long Executing, long Suspended, long WithIncidents, long Finished, long Faulted, long Cancelled);
