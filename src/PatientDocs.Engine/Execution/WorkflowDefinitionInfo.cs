namespace PatientDocs.Engine.Execution;

internal sealed record WorkflowDefinitionInfo(string DefinitionId, string VersionId, int Version);
