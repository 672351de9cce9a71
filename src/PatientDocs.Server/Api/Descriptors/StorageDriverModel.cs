namespace PatientDocs.Server.Api.Descriptors;

/// <summary>Where a variable's value is kept (Variables tab).</summary>
public sealed record StorageDriverModel(string TypeName, string DisplayName, int Priority, bool Deprecated);
