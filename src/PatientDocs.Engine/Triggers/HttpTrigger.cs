namespace PatientDocs.Engine.Triggers;

/// <summary>A published definition's start activity of type <c>Elsa.HttpEndpoint</c>; <paramref name="Authorize"/> is its <c>authorize</c> input.</summary>
public sealed record HttpTrigger(string DefinitionId, string DefinitionVersionId, string ActivityId, string Path, IReadOnlyList<string> Methods, bool Authorize);
