namespace PatientDocs.Simulators.Llm;

/// <summary>Rejections still armed, by step.</summary>
public sealed record RejectionsArmed(IReadOnlyDictionary<string, int> Steps);
