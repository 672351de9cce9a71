namespace PatientDocs.Engine.Storage;

/// <summary>A schedule trigger's durable state: the definition version it was armed for and the last tick that fired (or the moment it was armed).</summary>
public sealed record ScheduleState(string Key, string DefinitionVersionId, DateTimeOffset LastDueAt);
