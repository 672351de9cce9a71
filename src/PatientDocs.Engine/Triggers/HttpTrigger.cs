namespace PatientDocs.Engine.Triggers;

/// <summary>
/// A published definition's start activity of type <c>Elsa.HttpEndpoint</c>. <paramref name="Path"/> is its route template
/// without slashes at either end (<c>orders/{id}</c>); <paramref name="Authorize"/> is its <c>authorize</c> input;
/// <paramref name="WritesResponse"/> is true when the definition holds an <c>Elsa.WriteHttpResponse</c> anywhere.
/// </summary>
public sealed record HttpTrigger(
    string DefinitionId, string DefinitionVersionId, string ActivityId, string Path, IReadOnlyList<string> Methods, bool Authorize, bool WritesResponse = false);
