namespace PatientDocs.Server.Triggers;

/// <summary>A published definition's start activity of type <c>Elsa.HttpEndpoint</c>.</summary>
public sealed record HttpTrigger(string DefinitionId, string DefinitionVersionId, string ActivityId, string Path, IReadOnlyList<string> Methods);
