namespace PatientDocs.Server.Api.Descriptors;

/// <summary>An expression syntax; the browsable ones fill each input's syntax switcher.</summary>
public sealed record ExpressionDescriptorModel(
    string Type,
    string DisplayName,
    bool IsSerializable,
    bool IsBrowsable,
    IReadOnlyDictionary<string, string> Properties);
