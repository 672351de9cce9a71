namespace PatientDocs.Server.Api.Descriptors;

/// <summary>A commit strategy; our engine commits once per burst, so none are offered.</summary>
public sealed record CommitStrategyModel(string Name, string DisplayName, string Description);
