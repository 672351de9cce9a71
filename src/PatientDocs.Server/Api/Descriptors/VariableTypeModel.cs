namespace PatientDocs.Server.Api.Descriptors;

/// <summary>A type a workflow variable can have (Variables tab).</summary>
public sealed record VariableTypeModel(string TypeName, string DisplayName, string Category, string? Description);
