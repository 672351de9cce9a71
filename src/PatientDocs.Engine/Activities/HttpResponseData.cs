namespace PatientDocs.Engine.Activities;

/// <summary>
/// The HTTP response a workflow wrote (<c>Elsa.WriteHttpResponse</c>), as plain data carried out of the burst: the host
/// sends it when the request that started the burst is still open. <paramref name="Content"/> is the body text (null for none).
/// </summary>
public sealed record HttpResponseData(int StatusCode, string? Content, string? ContentType, IReadOnlyDictionary<string, string[]> Headers);
