namespace PatientDocs.Engine.Storage;

/// <summary>A journal record read from the global feed, with the definition its instance runs.</summary>
public sealed record JournalFeedEntry(JournalRecord Record, string DefinitionId);
