namespace PatientDocs.Engine.Triggers;

/// <summary>
/// A published definition's start activity of type <c>Elsa.HttpEndpoint</c>. <paramref name="Path"/> is its route template
/// without slashes at either end (<c>orders/{id}</c>); <paramref name="Authorize"/> is its <c>authorize</c> input;
/// <paramref name="WritesResponse"/> is true when the definition holds an <c>Elsa.WriteHttpResponse</c> anywhere;
/// <paramref name="Policy"/> is its <c>policy</c> input (an ASP.NET Core authorization policy name), null when empty, and
/// <see cref="UnreadablePolicy"/> when it is an expression (a request is authorized before any expression could run).
/// </summary>
public sealed record HttpTrigger(
    string DefinitionId, string DefinitionVersionId, string ActivityId, string Path, IReadOnlyList<string> Methods, bool Authorize, bool WritesResponse = false, string? Policy = null)
{
    public const string UnreadablePolicy = "(expression)";
}
