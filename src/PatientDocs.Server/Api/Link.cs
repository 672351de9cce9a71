namespace PatientDocs.Server.Api;

/// <summary>Elsa's HATEOAS link; Studio enables buttons by <c>rel</c>.</summary>
public sealed record Link(string Href, string Rel, string Method);
