namespace PatientDocs.Server.Api.Descriptors;

/// <summary>An output converter (Output tab); none are offered.</summary>
public sealed record OutputConverterModel(string Id, string SourceTypeName, string ResultTypeName, string DisplayName, string? Description, string? SettingsSchema);
