namespace PatientDocs.Server.Api.Descriptors;

/// <summary>One activation, log-persistence or incident strategy the definition's settings can pick.</summary>
public sealed record StrategyDescriptorModel(string TypeName, string DisplayName, string Description);
