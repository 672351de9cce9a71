namespace PatientDocs.Simulators.Llm;

public sealed record CompletionResponse(string Id, string Text, CompletionUsage Usage);
