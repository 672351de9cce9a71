namespace PatientDocs.Server.Api.Descriptors;

/// <summary>An installed Elsa feature; listing none keeps Studio off SignalR and the resilience tab.</summary>
public sealed record FeatureModel(string Name, string Namespace, string FullName, string DisplayName, string? Description);
