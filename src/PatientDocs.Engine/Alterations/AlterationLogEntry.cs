namespace PatientDocs.Engine.Alterations;

/// <summary>One line of an alteration's log (Elsa's AlterationLogEntry): what was done, or why it was refused.</summary>
public sealed record AlterationLogEntry(string Message, string LogLevel, DateTimeOffset Timestamp, string? EventName = null);
